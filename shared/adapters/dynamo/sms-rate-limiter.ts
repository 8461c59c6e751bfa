import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { RateWindow, SmsRateLimiter } from '#domain/ports';
import { isConditionFailure, ttlOf, type TableRef } from './client';

const rateKey = (phoneNumber: string) => ({ pk: `SMSRATE#${phoneNumber}`, sk: 'SMSRATE' });

/**
 * Exact sliding windows: one item per number holds the send times of the longest window, updated
 * with optimistic locking (a version attribute), so concurrent requests cannot both take the last slot.
 */
export class DynamoSmsRateLimiter implements SmsRateLimiter {
  constructor(private readonly table: TableRef) {}

  async take(phoneNumber: string, now: Date, windows: readonly RateWindow[]) {
    const longest = Math.max(...windows.map((w) => w.seconds)) * 1000;
    for (let attempt = 0; attempt < 10; attempt++) {
      const { Item } = await this.table.doc.send(new GetCommand({ TableName: this.table.tableName, Key: rateKey(phoneNumber), ConsistentRead: true }));
      const version = Number(Item?.version ?? 0);
      const sent = ((Item?.sentAt as number[] | undefined) ?? []).filter((at) => at > now.getTime() - longest);
      let retryAfterMs = 0;
      for (const window of windows) {
        const inWindow = sent.filter((at) => at > now.getTime() - window.seconds * 1000).sort((a, b) => a - b);
        if (inWindow.length >= window.limit) {
          // The slot frees when the oldest send that fills the window leaves it.
          retryAfterMs = Math.max(retryAfterMs, inWindow[inWindow.length - window.limit] + window.seconds * 1000 - now.getTime());
        }
      }
      if (retryAfterMs > 0) return { allowed: false as const, retryAfterSeconds: Math.ceil(retryAfterMs / 1000) };
      try {
        await this.table.doc.send(
          new PutCommand({
            TableName: this.table.tableName,
            Item: { ...rateKey(phoneNumber), sentAt: [...sent, now.getTime()], version: version + 1, ttl: ttlOf(new Date(now.getTime() + longest)) },
            ConditionExpression: version === 0 ? 'attribute_not_exists(pk)' : 'version = :version',
            ExpressionAttributeValues: version === 0 ? undefined : { ':version': version },
          }),
        );
        return { allowed: true as const };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
    throw new Error('SMS rate limiter: too much contention');
  }
}
