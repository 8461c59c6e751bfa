/** Field-level error codes the web client can translate; each has a message in the locale files under "fields". */
export const FIELD_CODES = [
  'required',
  'too_long',
  'invalid_name',
  'invalid_email',
  'email_mismatch',
  'invalid_language',
  'must_accept',
  'password_mismatch',
  'captcha_invalid',
  'phone_invalid',
  'invalid_staff_number',
  'staff_number_mismatch',
  'invalid_date',
  'phone_country_not_allowed',
  'invalid',
  // The faults of a postal address that would not print whole in the envelope window.
  'address_line_too_long',
  'address_unprintable_character',
  'address_too_tall',
  // "Delete my account": what was typed is not the account's email.
  'confirmation_mismatch',
  // A new email address that is already the account's.
  'same_email',
] as const;

export type FieldCode = (typeof FIELD_CODES)[number];

/** An expected failure that becomes a 4xx response; the only error type allowed to reach a client. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    // Typed, so that a code without a translation (an address fault, say) does not compile.
    readonly fields?: Record<string, FieldCode>,
    readonly extra?: Record<string, unknown>,
    readonly headers?: Record<string, string>,
  ) {
    super(code);
  }

  /** The account the refusal concerns, for its security event (403, 429). */
  accountId?: string;

  /** Names the account the refusal concerns; returns the error, to throw. */
  about(accountId: string | undefined): this {
    this.accountId = accountId;
    return this;
  }
}

/** What AWS calls being throttled, across DynamoDB, SES, SNS and Step Functions. */
const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
]);
/** A cancelled transaction's reasons that are an outage, not the request's fault. */
const TRANSIENT_CANCELLATIONS = new Set(['ThrottlingError', 'ProvisionedThroughputExceeded', 'TransactionConflict', 'RequestLimitExceeded']);

/**
 * An AWS service (the table, SES, SNS, Step Functions) throttled the call or failed on its side:
 * the request did nothing wrong and may simply come back later (503 with Retry-After, never 500).
 * Read from the SDK's error shape (`$metadata`, `$fault`), without importing it.
 */
export const isServiceUnavailable = (error: unknown): boolean => {
  const e = error as { name?: string; $fault?: string; $metadata?: { httpStatusCode?: number }; CancellationReasons?: Array<{ Code?: string }> } | undefined;
  if (!e || typeof e !== 'object' || !e.$metadata) return false;
  if (e.name === 'TransactionCanceledException') return (e.CancellationReasons ?? []).some((reason) => TRANSIENT_CANCELLATIONS.has(reason.Code ?? ''));
  return e.$fault === 'server' || THROTTLING.has(e.name ?? '') || (e.$metadata.httpStatusCode ?? 0) >= 500;
};
