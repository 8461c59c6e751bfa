import * as z from 'zod/mini';
import { PASSWORD_RULES } from '#domain/password-rules';
import { FIELD_CODES } from '../errors';

/** The one error envelope (shared/http/responses.ts errorResponse): every 4xx and 5xx of the API. */
export const ErrorEnvelope = z.object({
  error: z.object({
    code: z.string(),
    /** In the language of Accept-Language (fr, en, de, it, nl; French by default). */
    message: z.string(),
    /** By input name (nested ones by path: postalAddress.lines.1), each with its own code and message. */
    fields: z.optional(z.record(z.string(), z.object({ code: z.enum(FIELD_CODES), message: z.string() }))),
    /** 429, and 503 sms_unavailable: the seconds to wait, as the Retry-After header says. */
    retryAfterSeconds: z.optional(z.int()),
    /** 422 password_policy: every rule the password breaks. */
    rules: z.optional(z.array(z.object({ rule: z.enum(PASSWORD_RULES), message: z.string() }))),
    /** 409 reset_pending: when the reset in flight happens. */
    resetAt: z.optional(z.iso.datetime()),
  }),
});
