import type { SmsRefusal } from '#domain/challenges';
import { HttpError } from './errors';
import { rateLimited } from './responses';

/** Why no SMS left, as HTTP: a number outside the allowed countries is the field's fault (400); every budget is a 429 with Retry-After. */
export const smsRefusalError = (refusal: SmsRefusal, accountId?: string): HttpError =>
  refusal.outcome === 'country_not_allowed'
    ? new HttpError(400, 'phone_country_not_allowed', { phoneNumber: 'phone_country_not_allowed' })
    : new HttpError(429, refusal.outcome, undefined, { retryAfterSeconds: refusal.retryAfterSeconds }, rateLimited(refusal.retryAfterSeconds)).about(accountId);
