/**
 * Security events: one structured record per thing an attacker or an investigator cares about.
 * Each names the account by its id (never the email) and says how it ended; the adapter adds the
 * client's address (CloudFront's viewer address) and writes one log line.
 */
export type SecurityEventType =
  | 'sign_in'
  | 'sign_in_locked'
  | 'sign_in_disabled'
  | 'wrong_code'
  | 'forbidden'
  | 'rate_limited'
  | 'phone_added'
  | 'phone_removed'
  | 'factor_added'
  | 'factor_removed'
  | 'factor_used'
  | 'password_changed'
  | 'sessions_revoked'
  | 'recovery_code_used'
  | 'recovery_codes_issued'
  | 'second_factor_reset'
  | 'pmo_decision'
  | 'letter_pdf_downloaded'
  | 'sms_ceiling_reached'
  | 'account_erased'
  | 'sms_provider_refused'
  | 'email_undeliverable'
  | 'email_change_requested'
  | 'email_changed'
  | 'service_sign_in'
  | 'service_refused';

export interface SecurityEvent {
  type: SecurityEventType;
  /** The account concerned, when one is known (an unknown login has none). */
  accountId?: string;
  /** How it ended: success, failure, refused, locked, approve, reject... */
  outcome: string;
  /** Ids and reasons only: never a secret, an email address or a phone number in full. */
  details?: Record<string, string | number | boolean | undefined>;
}

/** Where security events go: a log line in AWS and locally; tests read them from memory. */
export interface SecurityEventLog {
  record(event: SecurityEvent): void;
}
