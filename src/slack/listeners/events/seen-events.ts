/**
 * The ids of the last events handled. Slack redelivers an event it thinks was not acknowledged
 * (HTTP X-Slack-Retry-Num, Socket Mode retry_attempt) with the same event_id.
 */
export class SeenEvents {
  private readonly ids = new Set<string>();

  constructor(private readonly capacity = 1000) {}

  /** True the first time an id is seen; false for a redelivery. */
  first(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    // A Set iterates in insertion order: the first entry is the oldest.
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value as string);
    return true;
  }
}
