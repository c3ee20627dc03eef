import { escapeText } from './format';
import { Block, mrkdwn, SlackMessage } from './message';

/** Usage with examples; `command` is the slash command as registered (SLASH_COMMAND). */
export function helpMessage(command: string): SlackMessage {
  const c = command;
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: 'NebulaGraph jobs' } },
    {
      type: 'section',
      text: mrkdwn(
        [
          `*See jobs*`,
          `\`${c} list [space] [status=S,…] [since=12h|1d|3d|7d|<date-time>] [until=<date-time>] [id=N] [command=TEXT] [share]\``,
          `  e.g. \`${c} list\` · \`${c} list nba status=failed,stopped since=1d\` · \`${c} list command=compact share\``,
          `\`${c} show <job id> [space]\`: a job and its tasks, e.g. \`${c} show 42\``,
          `\`${c} spaces\`: the graph spaces the bot can see`,
          `\`${c} use <space>\`: make a space this channel's default; \`${c} use\` shows it`,
        ]
          .map(escapeText)
          .join('\n'),
      ),
    },
    {
      type: 'context',
      elements: [
        mrkdwn(
          'Statuses: QUEUE, RUNNING, FINISHED (or SUCCEEDED), FAILED, STOPPED. Times are start times; date-times without a zone are UTC. ' +
            'Answers are visible only to you unless you add `share`.',
        ),
      ],
    },
  ];
  return { response_type: 'ephemeral', text: `How to use ${c}`, blocks };
}
