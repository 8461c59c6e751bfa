import { randomBytes } from 'node:crypto';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RateDecision, RateLimiter, RateWindow } from '#domain/rate-limits-ports';
import { applied, isConditionFailure, ttlOf, type TableRef } from './client';

const rateKey = (key: string) => ({ pk: `RATE#${key}`, sk: 'RATE' });

/** How long until one more event fits in every window, in ms (0: it fits now). */
const waitFor = (events: number[], now: number, windows: readonly RateWindow[]): number => {
  let retryAfterMs = 0;
  for (const window of windows) {
    const inWindow = events.filter((at) => at > now - window.seconds * 1000).sort((a, b) => a - b);
    // A slot frees when the oldest event that fills the window leaves it.
    if (inWindow.length >= window.limit) retryAfterMs = Math.max(retryAfterMs, inWindow[inWindow.length - window.limit] + window.seconds * 1000 - now);
  }
  return retryAfterMs;
};

const decision = (retryAfterMs: number): RateDecision =>
  retryAfterMs > 0 ? { allowed: false, retryAfterSeconds: Math.ceil(retryAfterMs / 1000) } : { allowed: true };

/**
 * Each writer that loses a race re-reads: it can only lose to a writer that won, and winners are at
 * most a window's limit, so this many rounds settle any burst on the limits used here. Past them
 * the event is refused, never let through.
 */
const MAX_ROUNDS = 25;

interface Entry {
  at: number;
  v?: string;
  /** This writer's mark: a write the SDK retried after it had landed shows up here, and counts as won. */
  w?: string;
}

/**
 * Exact sliding windows: one item per key holds the events of the longest window, updated with
 * optimistic locking (a version attribute), so concurrent requests cannot both take the last slot.
 * Fixed windows are one counter per key and window, incremented by a single conditional write.
 */
export class DynamoRateLimiter implements RateLimiter {
  constructor(private readonly table: TableRef) {}

  private async read(key: string, now: number, longestMs: number) {
    const { Item } = await this.table.doc.send(new GetCommand({ TableName: this.table.tableName, Key: rateKey(key), ConsistentRead: true }));
    const stored = (Item?.sentAt as Array<number | Entry> | undefined) ?? [];
    const entries = stored.map((e) => (typeof e === 'number' ? { at: e } : e)).filter((e) => e.at > now - longestMs);
    return { version: Number(Item?.version ?? 0), entries };
  }

  /** Reads, decides with `decide` (a refusal's wait in ms, or the entry to add), and writes if the item did not change meanwhile. */
  private async update(key: string, now: Date, longestSeconds: number, decide: (entries: Entry[]) => { waitMs: number; add?: Entry }): Promise<RateDecision> {
    const longestMs = longestSeconds * 1000;
    const mark = randomBytes(6).toString('base64url');
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const { version, entries } = await this.read(key, now.getTime(), longestMs);
      if (round > 0 && entries.some((e) => e.w === mark)) return { allowed: true };
      const decided = decide(entries);
      const { waitMs } = decided;
      const add = decided.add && { ...decided.add, w: mark };
      if (waitMs > 0 || !add) return decision(waitMs);
      const written = await applied(
        this.table,
        new PutCommand({
          TableName: this.table.tableName,
          Item: { ...rateKey(key), sentAt: [...entries, add], version: version + 1, ttl: ttlOf(new Date(now.getTime() + longestMs)) },
          ConditionExpression: version === 0 ? 'attribute_not_exists(pk)' : 'version = :version',
          ExpressionAttributeValues: version === 0 ? undefined : { ':version': version },
        }),
      );
      if (written) return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: 1 };
  }

  take(key: string, now: Date, windows: readonly RateWindow[]): Promise<RateDecision> {
    return this.update(key, now, Math.max(...windows.map((w) => w.seconds)), (entries) => ({
      waitMs: waitFor(
        entries.map((e) => e.at),
        now.getTime(),
        windows,
      ),
      add: { at: now.getTime() },
    }));
  }

  takeDistinct(key: string, value: string, now: Date, window: RateWindow): Promise<RateDecision> {
    return this.update(key, now, window.seconds, (entries) => {
      if (entries.some((e) => e.v === value)) return { waitMs: 0 }; // already counted today: no new slot
      const firstSeen = new Map<string, number>();
      for (const e of [...entries].sort((a, b) => a.at - b.at)) if (e.v !== undefined && !firstSeen.has(e.v)) firstSeen.set(e.v, e.at);
      return { waitMs: waitFor([...firstSeen.values()], now.getTime(), [window]), add: { at: now.getTime(), v: value } };
    });
  }

  async takeFixed(key: string, now: Date, window: RateWindow): Promise<RateDecision> {
    const length = window.seconds * 1000;
    const start = Math.floor(now.getTime() / length) * length;
    try {
      await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: rateKey(`${key}#${start}`),
          UpdateExpression: 'ADD events :one SET #ttl = if_not_exists(#ttl, :ttl)',
          ConditionExpression: 'attribute_not_exists(events) OR events < :limit',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':one': 1, ':limit': window.limit, ':ttl': ttlOf(new Date(start + 2 * length)) },
        }),
      );
      return { allowed: true };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return decision(start + length - now.getTime());
    }
  }
}
