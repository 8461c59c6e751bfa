import { Logger } from '@aws-lambda-powertools/logger';

/** Keys whose values are secrets, wherever they appear in a log entry, in any case (lower-cased here). */
const SECRET_KEYS = new Set(
  [
    'password',
    'passwordConfirmation',
    'passwordHash',
    'token',
    'taskToken',
    'activationTaskToken',
    'code',
    'captchaAnswer',
    'answer',
    'cookie',
    'cookies',
    'authorization',
    'sessionToken',
    'body',
  ].map((key) => key.toLowerCase()),
);

/**
 * The one logger. Log ids and outcomes, never a request body, a cookie or a token; should one slip
 * into an entry anyway, its key gets it replaced by "[redacted]".
 */
export const logger = new Logger({
  serviceName: 'passerelle',
  jsonReplacerFn: (key: string, value: unknown) => (SECRET_KEYS.has(key.toLowerCase()) ? '[redacted]' : value),
});
