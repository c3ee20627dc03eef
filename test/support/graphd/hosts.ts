/**
 * SHOW HOSTS GRAPH | META | STORAGE | AGENT | STORAGE LISTENER: how a client learns graphd's version.
 *
 * What graphd 3.x does (vesoft-inc/nebula v3.0.0 … v3.8.0: src/graph/executor/admin/
 * ShowHostsExecutor.cpp `makeGitInfoResult`, src/meta/processors/parts/ListHostsProcessor.cpp,
 * src/interface/meta.thrift `HostItem`, src/version/Version.cpp.in, package/package.sh):
 * - GraphService has no version call: AuthResponse carries none and verifyClientVersion answers
 *   only a code. The way is the statement `SHOW HOSTS GRAPH`. It needs no space (the validator
 *   sets no-space-required) and no role (PermissionCheck lets every role run kShowHosts), so it
 *   works on any session, with or without --enable_authorize.
 * - Columns (same in every 3.x): `Host` (sVal: the graphd's --local_ip or host name, no port) ·
 *   `Port` (iVal, e.g. 9669) · `Status` (sVal `ONLINE` | `OFFLINE`, from metad's heartbeat age) ·
 *   `Role` (sVal `GRAPH`) · `Git Info Sha` (sVal: `git rev-parse --short` of the build) ·
 *   `Version` (sVal, or EMPTY when metad has no version saved for that host).
 *   Sample row (3.8.0): `"graphd0", 9669, "ONLINE", "GRAPH", "fa92893", "3.8.0"`.
 * - One row per graphd registered in metad, not only the one answering, in metad's key order;
 *   offline hosts stay listed until --removed_threshold_sec (1 day) without heartbeat.
 * - Version is getOriginVersion() = the NEBULA_BUILD_VERSION the package was built with: the tag
 *   without its `v` ("3.8.0"), or a date plus `-nightly` for nightly builds; empty string for a
 *   build made without it. graphd stores it in metad at start-up: 3.1+ by SaveGraphVersion,
 *   3.0 through verifyClientVersion, so every 3.x graphd has one.
 * - META rows come from the Raft peers and carry the answering metad's own version; STORAGE and
 *   GRAPH rows the version each host saved.
 * - Plain `SHOW HOSTS` (storage partitions layout: Host, Port, [HTTP port before 3.4,] Status,
 *   Leader count, Leader distribution, Partition distribution, Version, and a "Total" row one
 *   value short) is not modelled by the fake.
 */
import { type GraphdVersion, RELEASE_GIT_SHA } from './graphd-version';
import type { Table } from './table';

export type HostRole = 'GRAPH' | 'META' | 'STORAGE' | 'AGENT' | 'STORAGE_LISTENER';

export interface HostEntry {
  host: string;
  port: number;
  status?: 'ONLINE' | 'OFFLINE';
  gitInfoSha?: string;
  /** null: metad has no version saved for it (the cell is EMPTY). Absent: the fake's version. */
  version?: string | null;
}

export class Hosts {
  private readonly lists = new Map<HostRole, HostEntry[]>();

  constructor(private readonly defaults: () => { version: GraphdVersion; gitInfoSha?: string; graphd: HostEntry }) {}

  /** Replaces the hosts metad lists for a role (GRAPH defaults to the fake graphd itself). */
  set(role: HostRole, hosts: HostEntry[]): void {
    this.lists.set(
      role,
      hosts.map((host) => ({ ...host })),
    );
  }

  list(role: HostRole): HostEntry[] {
    const own = this.lists.get(role);
    if (own) return own;
    const { graphd } = this.defaults();
    if (role === 'GRAPH') return [graphd];
    if (role === 'META') return [{ host: 'metad0', port: 9559 }];
    if (role === 'STORAGE') return ['storaged0', 'storaged1', 'storaged2'].map((host) => ({ host, port: 9779 }));
    return [];
  }

  table(type: HostRole): Table {
    const { version, gitInfoSha } = this.defaults();
    const sha = gitInfoSha ?? RELEASE_GIT_SHA[version.text.replace(/^v/, '')] ?? '';
    return {
      columns: ['Host', 'Port', 'Status', 'Role', 'Git Info Sha', 'Version'],
      rows: this.list(type).map((h) => [h.host, h.port, h.status ?? 'ONLINE', type, h.gitInfoSha ?? sha, h.version === undefined ? version.text : h.version]),
    };
  }
}
