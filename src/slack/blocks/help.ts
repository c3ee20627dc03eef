import { escapeText } from './format';
import { type Block, mrkdwn, type SlackMessage } from './message';

/** Usage with examples; `command` is the slash command as registered (SLASH_COMMAND). */
export function helpMessage(command: string, policyConfigured: boolean): SlackMessage {
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
          `\`${c} spaces [cluster]\`: the graph spaces the bot can see · \`${c} clusters\`: the NebulaGraph clusters it serves, their state and version`,
          `Where a space name is in more than one cluster, name it as \`cluster/space\`, e.g. \`${c} list prod/nba\``,
          `\`${c} use <space>\`: make a space (or \`prod/\`, a cluster) this channel's default (its operators); \`${c} use\` shows it`,
          `*Act on jobs* (operators; some actions need an admin's approval)`,
          `\`${c} stop <job id> [space]\` · \`${c} recover <job id> [space]\`: shows the job with a button to confirm; or use the Stop / Recover buttons`,
          `\`${c} whoami\`: your role in each space · \`${c} audit [space] [since=1d]\`: who did what (admins)`,
          `*Alerts* (when jobs fail, are stopped or look stuck; with \`finished\`, a short notice for every finished job)`,
          `\`${c} subscribe <space> [status=failed,stopped,stuck,finished]\` (default failed,stopped,stuck) · \`${c} unsubscribe <space>\` (admins) · \`${c} subscriptions\``,
          `\`${c} mute <space> <duration>\` (e.g. 2h) · \`${c} unmute <space>\` (operators)`,
          `*Follow jobs*`,
          `\`${c} watch <job id> [space]\` (or the Watch button): a copy of the job in your messages with the bot that updates itself while the job runs, and a mention when it ends`,
          `\`${c} unwatch <job id> [space]\` · \`${c} watches\`: the jobs you watch`,
          `After a Stop the bot follows the job until its tasks end and says how, in the thread (or to you). A list's Auto-refresh menu redraws it for up to 30 min.`,
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
  if (!policyConfigured) {
    blocks.push({
      type: 'context',
      elements: [
        mrkdwn(
          ':lock: No access policy is set, so everyone can look and nobody can stop or recover. ' +
            "To grant rights, the bot's operator writes a JSON policy (user or user-group ids → operator/admin per space) and sets ACCESS_FILE to its path; see the README.",
        ),
      ],
    });
  }
  return { response_type: 'ephemeral', text: `How to use ${c}`, blocks };
}
