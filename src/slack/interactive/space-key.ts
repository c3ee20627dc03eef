import { createHash } from 'node:crypto';
import { CLUSTER_NAME, type SpaceRef } from '../../spaces/space-ref';
import { staleMessage } from './stale-message';

/**
 * A space as a button value or block_id carries it. Most names are short and plain and go as
 * they are; any other (graphd allows almost anything up to 4,096 bytes) goes as `~` and a hash
 * of the name, found again among the cluster's spaces when the button is clicked.
 */
const PLAIN = /^[A-Za-z0-9_][A-Za-z0-9_-]{0,63}$/;
const HASHED = /^~[A-Za-z0-9_-]{22}$/;

function hashOf(space: string): string {
  return `~${createHash('sha256').update(space, 'utf8').digest('base64url').slice(0, 22)}`;
}

export function spaceKey(space: string): string {
  return PLAIN.test(space) ? space : hashOf(space);
}

/** `cluster|key`: one field pair of a value, each free of `|`. */
export function encodeSpace(ref: SpaceRef): string {
  return `${ref.cluster}|${spaceKey(ref.space)}`;
}

export interface SpaceHandle {
  cluster: string;
  key: string;
}

export function isSpaceHandle(cluster: string | undefined, key: string | undefined): boolean {
  return typeof cluster === 'string' && CLUSTER_NAME.test(cluster) && typeof key === 'string' && (PLAIN.test(key) || HASHED.test(key));
}

/** Looks a handle up among the names graphd lists for its cluster: no other text becomes a space. */
export type SpaceLookup = (cluster: string, options: { fresh: boolean }) => Promise<string[]>;

export async function resolveHandle(handle: SpaceHandle, lookup: SpaceLookup): Promise<SpaceRef> {
  const find = (names: string[]): string | undefined => (HASHED.test(handle.key) ? names.find((name) => hashOf(name) === handle.key) : names.find((name) => name === handle.key));
  // A list a few seconds old may not have a space created since: ask again before giving up.
  const space = find(await lookup(handle.cluster, { fresh: false })) ?? find(await lookup(handle.cluster, { fresh: true }));
  if (space === undefined) throw staleMessage();
  return { cluster: handle.cluster, space };
}
