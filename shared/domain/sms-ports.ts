import type { Language } from './languages';

export interface OutgoingSms {
  /** E.164. */
  to: string;
  language: Language;
  text: string;
}

export interface SmsSender {
  /** Sends one SMS; throws SmsProviderRefusedError when the provider will not send any for now. */
  send(sms: OutgoingSms): Promise<void>;
}

/**
 * The SMS provider refuses to send for now (its account's throughput or spend): nothing went,
 * and trying again at once would not help. Adapters throw it; the use cases answer it as a value.
 */
export class SmsProviderRefusedError extends Error {
  override name = 'SmsProviderRefusedError';
  constructor(reason: string, options?: { cause?: unknown }) {
    super(reason, options);
  }
}
