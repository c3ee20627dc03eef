/** The cluster a bot serves without a clusters file: the one NEBULA_SERVERS names. */
export const DEFAULT_CLUSTER = 'default';

/** Cluster names are short and plain: they are typed before a slash (`prod/nba`) and go into button values. */
export const CLUSTER_NAME = /^[a-z0-9][a-z0-9_-]{0,31}$/;

/** A graph space of one of the clusters the bot serves. */
export interface SpaceRef {
  cluster: string;
  space: string;
}

export function sameSpace(a: SpaceRef, b: SpaceRef): boolean {
  return a.cluster === b.cluster && a.space === b.space;
}

/** How people read and type a space: `prod/nba`, or just `nba` on the default cluster. */
/** A map key for a space: NUL cannot occur in a cluster name, so no two spaces share a key. */
export function spaceKey(ref: SpaceRef): string {
  return `${ref.cluster}\u0000${ref.space}`;
}

export function spaceLabel(ref: SpaceRef): string {
  return ref.cluster === DEFAULT_CLUSTER ? ref.space : `${ref.cluster}/${ref.space}`;
}

/** The state of a cluster's connection, for `clusters`, the Home tab and /healthz. */
export interface ClusterStatus {
  name: string;
  state: 'ready' | 'connecting' | 'unreachable' | 'rejected' | 'closed' | 'idle' | 'reconnecting';
  /** graphd's version, once known. */
  version: string | null;
  lastError: string | null;
}
