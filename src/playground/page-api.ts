import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEMO_SPACES } from '../demo/simulated-cluster';
import { readBody, sendJson } from './http-io';
import { channelList, homeViewHtml, messageView } from './render/message-view';
import { BOT, TEAM, USERS } from './roster';
import type { SimulationResult } from './simulate-failure';
import type { RequestResult, UserRequests } from './user-requests';
import type { Json, Workspace } from './workspace';

export interface PageApiDeps {
  workspace: Workspace;
  requests: UserRequests;
  command: string;
  simulate: (space: string) => Promise<SimulationResult>;
}

function text(body: Json, name: string): string {
  return typeof body[name] === 'string' ? (body[name] as string) : '';
}

/** Everything the page shows at load; later changes arrive on the event stream. */
export function pageState(deps: PageApiDeps): Json {
  return {
    workspace: TEAM.name,
    bot: BOT.name,
    command: deps.command,
    users: USERS,
    channels: channelList(),
    spaces: DEMO_SPACES,
    messages: deps.workspace.all().map((message) => messageView(message, deps.workspace)),
    homes: deps.workspace.allHomes().map(homeViewHtml),
  };
}

async function post(route: string, body: Json, deps: PageApiDeps): Promise<RequestResult | SimulationResult | null> {
  switch (route) {
    case 'say':
      return deps.requests.say(text(body, 'userId'), text(body, 'channelId'), text(body, 'text'));
    case 'click': {
      const click = {
        userId: text(body, 'userId'),
        blockId: text(body, 'blockId'),
        actionId: text(body, 'actionId'),
        value: typeof body.value === 'string' ? body.value : undefined,
      };
      return body.home === true ? deps.requests.clickInHome(click) : deps.requests.clickInMessage(text(body, 'channelId'), text(body, 'ts'), click);
    }
    case 'simulate':
      return deps.simulate(text(body, 'space'));
    default:
      return null;
  }
}

/**
 * The page's own calls under /playground/: its state, and what people do (type, click, simulate).
 * POSTs must be JSON, which a page on another site cannot send here without the browser asking first.
 */
export async function handlePageApi(req: IncomingMessage, res: ServerResponse, route: string, deps: PageApiDeps): Promise<void> {
  if (req.method === 'GET' && route === 'state') return sendJson(res, 200, pageState(deps));
  if (req.method !== 'POST') return sendJson(res, 404, { ok: false, error: 'not_found' });
  if (!req.headers['content-type']?.startsWith('application/json')) return sendJson(res, 415, { ok: false, error: 'JSON only' });
  const raw = await readBody(req);
  let body: Json;
  try {
    body = JSON.parse(raw ?? '') as Json;
  } catch {
    return sendJson(res, 400, { ok: false, error: 'invalid JSON' });
  }
  const result = await post(route, body, deps);
  if (!result) return sendJson(res, 404, { ok: false, error: 'not_found' });
  sendJson(res, result.ok ? 200 : 400, result);
}
