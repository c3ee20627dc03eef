import { JobsError } from '../jobs/jobs-error';
import { JobsGateway } from '../jobs/jobs-gateway';

/** Refuses a space graphd does not show the bot, before anything is stored about it. */
export async function requireKnownSpace(gateway: JobsGateway, space: string): Promise<void> {
  const spaces = await gateway.listSpaces();
  if (!spaces.includes(space)) {
    throw new JobsError('space-not-found', `Graph space \`${space}\` does not exist or the bot cannot see it.`, '`spaces` lists the spaces the bot can see.');
  }
}
