/**
 * Paces the follower's cosmetic redraws (watched details, auto-refreshing lists): at most
 * `perMinute` a minute, in short bursts, so they stay well inside chat.update's Tier 3
 * (about 50 a minute per workspace) and leave room for everything else. A rate limit from
 * Slack pauses them all for as long as it asks.
 */
export class RedrawPacer {
  private tokens: number;
  private last: number;
  private pausedUntil = 0;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => Date,
  ) {
    this.tokens = perMinute;
    this.last = now().getTime();
  }

  /** Whether a redraw may go now; takes its token when it may. */
  take(): boolean {
    const now = this.now().getTime();
    // A clock stepped back refills nothing, and ends a pause measured on the old time.
    if (now < this.last) this.pausedUntil = 0;
    if (now < this.pausedUntil) return false;
    const elapsed = Math.max(0, now - this.last);
    this.last = now;
    this.tokens = Math.min(this.perMinute, this.tokens + (elapsed * this.perMinute) / 60_000);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Slack said to wait. */
  pause(ms: number): void {
    this.last = Math.max(this.last, this.now().getTime());
    this.pausedUntil = Math.max(this.pausedUntil, this.now().getTime() + ms);
  }
}
