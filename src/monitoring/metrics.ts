import { collectDefaultMetrics, Registry } from 'prom-client';
import { ActionMetrics } from './action-metrics';
import { DeliveryMetrics, type DeliverySources } from './delivery-metrics';
import { type ClusterHealth, GraphdMetrics } from './graphd-metrics';
import { SpaceLabels } from './metric-labels';
import type { MetricsStore } from './metrics-store';
import { PollMetrics, type PollSources } from './poll-metrics';
import { ScrapeErrors } from './scrape-errors';
import { SlackMetrics } from './slack-metrics';

export interface MetricsOptions {
  /** Label series with space names (METRICS_SPACE_LABELS); without, they carry the cluster only. */
  spaceLabels: boolean;
}

/** GET /metrics: Prometheus text exposition format. */
export interface MetricsPage {
  contentType: string;
  body: string;
}

/** What the gauges read when scraped, once the bot's parts exist. */
export interface ScrapeSources extends Pick<PollSources, 'watchedSpaces' | 'polling' | 'lastPollOf'>, Pick<DeliverySources, 'pause'> {
  store: MetricsStore;
  clusters: ClusterHealth;
  slackConnected: () => boolean;
  now: () => Date;
}

let processRegistry: Registry | null = null;

/**
 * process_* and nodejs_* (CPU, memory, event loop lag, GC) belong to the process, not to a bot:
 * collected once per process however many bots it runs (tests run many).
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/**
 * The bot's metrics, one registry per bot. Counters are fed by decorators the composition root
 * puts around the ports (the poll cycle's gateway and store, the outbox store, the notice poster,
 * the audit log, the Web API's fetch); gauges read their sources when /metrics is scraped.
 */
export class BotMetrics {
  readonly registry = new Registry();
  readonly polls: PollMetrics;
  readonly delivery: DeliveryMetrics;
  readonly actions: ActionMetrics;
  readonly graphd: GraphdMetrics;
  readonly slack: SlackMetrics;

  constructor(options: MetricsOptions) {
    const errors = new ScrapeErrors();
    this.polls = new PollMetrics(this.registry, new SpaceLabels(options.spaceLabels), errors);
    this.delivery = new DeliveryMetrics(this.registry, errors);
    this.actions = new ActionMetrics(this.registry, errors);
    this.graphd = new GraphdMetrics(this.registry);
    this.slack = new SlackMetrics(this.registry);
    errors.register(this.registry);
  }

  readAt(sources: ScrapeSources): void {
    const { store, now } = sources;
    this.polls.readAt({ store, watchedSpaces: sources.watchedSpaces, polling: sources.polling, lastPollOf: sources.lastPollOf, now });
    this.delivery.readAt({ store, pause: sources.pause, now });
    this.actions.readAt({ store, now });
    this.graphd.readAt(sources.clusters);
    this.slack.readAt(sources.slackConnected);
  }

  async page(): Promise<MetricsPage> {
    const [own, process] = await Promise.all([this.registry.metrics(), processMetrics().metrics()]);
    // Families without series leave blank lines behind: harmless, but kept to one.
    return { contentType: this.registry.contentType, body: `${own}\n${process}`.replace(/\n{3,}/g, '\n\n') };
  }
}
