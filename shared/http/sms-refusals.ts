import type { SmsRefusal } from '#domain/challenges';
import { HttpError } from './errors';
import { rateLimited } from './responses';

/**
 * Why no SMS left, as HTTP: a number outside the allowed countries is the field's fault (400); every
 * budget of ours is a 429; the provider's refusal is the service's trouble, not the caller's: 503
 * `sms_unavailable`. Both last carry Retry-After.
 */
export const smsRefusalError = (refusal: SmsRefusal, accountId?: string): HttpError => {
  if (refusal.outcome === 'country_not_allowed') return new HttpError(400, 'phone_country_not_allowed', { phoneNumber: 'phone_country_not_allowed' });
  const wait = { retryAfterSeconds: refusal.retryAfterSeconds };
  return refusal.outcome === 'sms_provider_refused'
    ? new HttpError(503, 'sms_unavailable', undefined, wait, rateLimited(refusal.retryAfterSeconds)).about(accountId)
    : new HttpError(429, refusal.outcome, undefined, wait, rateLimited(refusal.retryAfterSeconds)).about(accountId);
};
