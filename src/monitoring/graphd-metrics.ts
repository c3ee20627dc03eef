import { Gauge, type Registry } from 'prom-client';
import type { NebulaHealth, NebulaState } from '../nebula/client/graph-client';
import { PREFIX } from './metric-labels';

/** Each cluster's contained client, in configuration order. */
export type ClusterHealth = () => Array<{ name: string; health: NebulaHealth }>;

const STATES: readonly NebulaState[] = ['idle', 'connecting', 'ready', 'reconnecting', 'unreachable', 'rejected', 'closed'];

/** The connection to each cluster's graphd, as its contained client sees it, and to each of its servers. */
export class GraphdMetrics {
  private clusters: ClusterHealth = () => [];

  constructor(registry: Registry) {
    const state: Gauge<'cluster' | 'state'> = new Gauge({
      name: `${PREFIX}graphd_state`,
      help: `The connection to a cluster's graphd: 1 for its current state, 0 for the others (${STATES.join(', ')}).`,
      labelNames: ['cluster', 'state'],
      registers: [registry],
      collect: () => {
        state.reset();
        for (const { name, health } of this.clusters()) for (const each of STATES) state.set({ cluster: name, state: each }, each === health.state ? 1 : 0);
      },
    });
    const ready: Gauge<'cluster'> = new Gauge({
      name: `${PREFIX}graphd_ready_connections`,
      help: "Open, authenticated connections to the cluster's graphd servers.",
      labelNames: ['cluster'],
      registers: [registry],
      collect: () => {
        ready.reset();
        for (const { name, health } of this.clusters()) ready.set({ cluster: name }, health.readyConnections);
      },
    });
    const perServer: Gauge<'cluster' | 'server'> = new Gauge({
      name: `${PREFIX}graphd_server_ready_connections`,
      help: 'Open, authenticated connections to each graphd server of a cluster (host:port as configured): 0 for a server that is down while others serve.',
      labelNames: ['cluster', 'server'],
      registers: [registry],
      collect: () => {
        perServer.reset();
        for (const { name, health } of this.clusters())
          for (const server of health.servers ?? []) perServer.set({ cluster: name, server: server.address }, server.readyConnections);
      },
    });
    const down: Gauge<'cluster'> = new Gauge({
      name: `${PREFIX}graphd_unreachable_since_timestamp_seconds`,
      help: 'Unix time since when connecting to the cluster has not succeeded; 0 while it is reachable.',
      labelNames: ['cluster'],
      registers: [registry],
      collect: () => {
        down.reset();
        for (const { name, health } of this.clusters()) down.set({ cluster: name }, health.downSince ? health.downSince.getTime() / 1000 : 0);
      },
    });
  }

  readAt(clusters: ClusterHealth): void {
    this.clusters = clusters;
  }
}
