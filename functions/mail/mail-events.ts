import type { SNSEvent } from 'aws-lambda';
import { recordMailEvent } from '#domain/mail-delivery';
import { logger } from '#adapters/logger';
import { awsDependencies, type Dependencies } from '#shared/dependencies';

/** What SES publishes to the topic for a bounce or a complaint (its event publishing format). */
interface SesEvent {
  eventType?: string;
  notificationType?: string;
  bounce?: { bounceType?: string; bouncedRecipients?: Array<{ emailAddress?: string }> };
  complaint?: { complainedRecipients?: Array<{ emailAddress?: string }> };
}

/** A permanent bounce or a complaint, as the addresses it concerns; anything else (transient bounces) is nothing. */
export const undeliverableOf = (event: SesEvent): { reason: 'bounce' | 'complaint'; addresses: string[] } | undefined => {
  const type = event.eventType ?? event.notificationType;
  if (type === 'Bounce' && event.bounce?.bounceType === 'Permanent') {
    return { reason: 'bounce', addresses: (event.bounce.bouncedRecipients ?? []).flatMap((r) => (r.emailAddress ? [r.emailAddress] : [])) };
  }
  if (type === 'Complaint') {
    return { reason: 'complaint', addresses: (event.complaint?.complainedRecipients ?? []).flatMap((r) => (r.emailAddress ? [r.emailAddress] : [])) };
  }
  return undefined;
};

/**
 * SES's bounces and complaints, through the configuration set's SNS topic: each address goes on
 * the suppression list and its account is marked. A record that is not JSON is logged and skipped:
 * SNS would only deliver it again.
 */
export const buildHandler = (deps: Dependencies) => async (event: SNSEvent) => {
  for (const record of event.Records) {
    let parsed: SesEvent;
    try {
      parsed = JSON.parse(record.Sns.Message) as SesEvent;
    } catch {
      logger.warn('Mail event is not JSON', { messageId: record.Sns.MessageId });
      continue;
    }
    const undeliverable = undeliverableOf(parsed);
    if (undeliverable) await recordMailEvent(deps, undeliverable);
  }
};

export const handler = (event: SNSEvent) => buildHandler(awsDependencies())(event);
