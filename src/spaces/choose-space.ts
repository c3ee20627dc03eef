import { JobsError } from '../jobs/jobs-error';

/**
 * The space a command is about: the one named in the command, else the channel's default
 * (`use`), else the bot's DEFAULT_SPACE.
 */
export function chooseSpace(
  named: string | undefined,
  channelDefault: string | undefined,
  configuredDefault: string | undefined,
  command: string,
): string {
  const space = named ?? channelDefault ?? configuredDefault;
  if (!space) {
    throw new JobsError(
      'space-not-chosen',
      'Which graph space? None is named and this channel has no default.',
      `Name one (\`${command} list nba\`), or set this channel's default with \`${command} use nba\`. \`${command} spaces\` lists them.`,
    );
  }
  return space;
}
