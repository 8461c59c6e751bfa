import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { RateDecision, RateLimiter, RateWindow } from '#domain/ports';
import { isConditionFailure, ttlOf, type TableRef } from './client';

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

/**
 * Exact sliding windows: one item per key holds the event times of the longest window, updated
 * with optimistic locking (a version attribute), so concurrent requests cannot both take the last slot.
 */
export class DynamoRateLimiter implements RateLimiter {
  constructor(private readonly table: TableRef) {}

  private async read(key: string, now: Date, windows: readonly RateWindow[]) {
    const longest = Math.max(...windows.map((w) => w.seconds)) * 1000;
    const { Item } = await this.table.doc.send(new GetCommand({ TableName: this.table.tableName, Key: rateKey(key), ConsistentRead: true }));
    const events = ((Item?.sentAt as number[] | undefined) ?? []).filter((at) => at > now.getTime() - longest);
    return { longest, version: Number(Item?.version ?? 0), events, retryAfterMs: waitFor(events, now.getTime(), windows) };
  }

  async check(key: string, now: Date, windows: readonly RateWindow[]): Promise<RateDecision> {
    const { retryAfterMs } = await this.read(key, now, windows);
    return retryAfterMs > 0 ? { allowed: false, retryAfterSeconds: Math.ceil(retryAfterMs / 1000) } : { allowed: true };
  }

  async take(key: string, now: Date, windows: readonly RateWindow[]): Promise<RateDecision> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const { longest, version, events: sent, retryAfterMs } = await this.read(key, now, windows);
      if (retryAfterMs > 0) return { allowed: false, retryAfterSeconds: Math.ceil(retryAfterMs / 1000) };
      try {
        await this.table.doc.send(
          new PutCommand({
            TableName: this.table.tableName,
            Item: { ...rateKey(key), sentAt: [...sent, now.getTime()], version: version + 1, ttl: ttlOf(new Date(now.getTime() + longest)) },
            ConditionExpression: version === 0 ? 'attribute_not_exists(pk)' : 'version = :version',
            ExpressionAttributeValues: version === 0 ? undefined : { ':version': version },
          }),
        );
        return { allowed: true };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
    throw new Error('Rate limiter: too much contention');
  }
}
