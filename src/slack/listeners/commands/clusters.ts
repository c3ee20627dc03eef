import { DEFAULT_CLUSTER } from '../../../spaces/space-ref';
import { code, escapeText } from '../../blocks/format';
import { type SlackMessage, truncateMrkdwn } from '../../blocks/message';
import { notice } from '../../blocks/notice';
import type { ListenerDeps } from '../listener-deps';

const STATE: Record<string, string> = {
  ready: ':large_green_circle: connected',
  connecting: ':hourglass_flowing_sand: connecting',
  reconnecting: ':hourglass_flowing_sand: reconnecting',
  idle: ':white_circle: not connected yet',
  unreachable: ':red_circle: unreachable',
  rejected: ':no_entry: login refused',
  closed: ':black_circle: closed',
};

/** `clusters`: the NebulaGraph clusters the bot serves, with their state and version. */
export function clustersCommand(deps: ListenerDeps): SlackMessage {
  const clusters = deps.gateway.clusters();
  const lines = clusters.map((c) => {
    const version = c.version ? `, graphd ${escapeText(c.version)}` : '';
    const problem = c.state !== 'ready' && c.lastError ? `: ${escapeText(c.lastError)}` : '';
    return `• ${code(c.name)}  ${STATE[c.state] ?? escapeText(c.state)}${version}${problem}`;
  });
  const single = clusters.length === 1 && clusters[0].name === DEFAULT_CLUSTER;
  return notice(
    truncateMrkdwn(`:globe_with_meridians: *${clusters.length} cluster${clusters.length === 1 ? '' : 's'}*\n${lines.join('\n')}`, 3000),
    single
      ? 'One cluster (NEBULA_SERVERS): name spaces as they are. With CLUSTERS_FILE, name them `cluster/space`.'
      : `Name a space as \`cluster/space\`, e.g. \`${deps.command} list ${clusters[0]?.name ?? 'prod'}/nba\`; a bare name works when only one cluster has it.`,
  );
}
