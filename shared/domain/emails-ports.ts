import type { Language } from './languages';

export interface OutgoingEmail {
  to: string;
  language: Language;
  subject: string;
  text: string;
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<void>;
}
