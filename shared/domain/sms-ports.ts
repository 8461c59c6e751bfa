import type { Language } from './languages';

export interface OutgoingSms {
  /** E.164. */
  to: string;
  language: Language;
  text: string;
}

export interface SmsSender {
  send(sms: OutgoingSms): Promise<void>;
}
