export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Counts of events per key (SMS to a number, wrong codes of an account), each decision atomic. */
export interface RateLimiter {
  /** Records one event for `key` at `now` if every sliding window has room; otherwise says how long to wait. */
  take(key: string, now: Date, windows: readonly RateWindow[]): Promise<RateDecision>;
  /**
   * Records `value` for `key` if it is already among the values of the sliding window, or if fewer
   * than `window.limit` distinct values are (the new numbers an account tried today).
   */
  takeDistinct(key: string, value: string, now: Date, window: RateWindow): Promise<RateDecision>;
  /** One event in a fixed window (clock-aligned, e.g. each hour), by one conditional counter write: for hot global keys. */
  takeFixed(key: string, now: Date, window: RateWindow): Promise<RateDecision>;
}

export interface RateWindow {
  seconds: number;
  limit: number;
}
