import { viewableSpaces } from '../../access/view-access';
import type { SpaceRef } from '../../spaces/space-ref';
import { MAX_PICKER_OPTIONS, type SpacePicker } from '../blocks/space-picker';
import type { ListenerDeps } from './listener-deps';

/**
 * What a list's or detail's pickers offer `readerId`: every cluster, and the spaces of the shown
 * one they may view (up to Slack's 100 options, the shown space always among them). A message
 * shared in a channel is read by others too: when the policy hides spaces by default (role
 * `none`), it offers no other space nor cluster. Nothing when there is nothing to choose, or when the
 * cluster's spaces cannot be read right now (the message itself still comes).
 */
export async function pickerChoices(deps: ListenerDeps, readerId: string, shown: SpaceRef, shared: boolean): Promise<SpacePicker | undefined> {
  const hidden = shared && deps.policy.configured && deps.policy.defaultRole === 'none';
  const clusters = hidden ? [shown.cluster] : deps.gateway.clusters().map((c) => c.name);
  const names = hidden ? [shown.space] : await deps.gateway.listSpaces(shown.cluster).catch(() => [shown.space]);
  const candidates = names.includes(shown.space) ? names : [...names, shown.space].sort();
  const spaces = (
    await viewableSpaces(
      deps,
      readerId,
      candidates.map((space) => ({ cluster: shown.cluster, space })),
    )
  ).map((ref) => ref.space);
  if (clusters.length <= 1 && spaces.length <= 1) return undefined;
  if (spaces.length <= MAX_PICKER_OPTIONS) return { clusters, spaces, more: 0 };
  // The shown space and the ones after it in name order: paging through a long menu goes on from where one is.
  const at = Math.max(0, spaces.indexOf(shown.space));
  const start = Math.min(at, spaces.length - MAX_PICKER_OPTIONS);
  return { clusters, spaces: spaces.slice(start, start + MAX_PICKER_OPTIONS), more: spaces.length - MAX_PICKER_OPTIONS };
}
