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
