import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The one logger. Never pass it a request body, a cookie or a token: log ids and outcomes.
 * The keys below are redacted anyway, as a second line of defence.
 */
export const logger = new Logger({ serviceName: 'passerelle' });

const SECRET_KEYS = /^(password|passwordConfirmation|token|taskToken|code|captchaAnswer|cookie|authorization|sessionToken)$/i;

/** A shallow copy of `fields` with every secret-looking value replaced. */
export const redact = (fields: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, SECRET_KEYS.test(key) ? '[redacted]' : value]));
