import type { Language } from './languages';

export interface PostalAddress {
  name: string;
  lines: string[];
  postalCode: string;
  city: string;
  country: string;
}

export interface Letter {
  letterId: string;
  requestId: string;
  /** Whose envelope it is, for the clerk: the addressee's name and the staff number of the request. */
  recipient: string;
  staffNumber: string;
  /** Whose request it is (separation of duties); absent on letters written before it was kept. */
  accountId?: string;
  createdAt: Date;
  status: 'queued' | 'sent' | 'delivered';
  /** The printable letter, with the code in clear: kept only until the letter is sent or the workflow ends. */
  pdf?: Uint8Array;
  trackingNumber?: string;
  taskToken?: string;
}

/** A letter as a list shows it: without its PDF (tens of kB each) or its task token. */
/** A letter in a list: no PDF, no task token; `awaitsDispatch` once the workflow waits for it to be sent. */
export type LetterSummary = Omit<Letter, 'pdf' | 'taskToken'> & { awaitsDispatch: boolean };

/** Writes the registered letter. */
export interface LetterRenderer {
  render(letter: LetterContent): Promise<{ pdf: Uint8Array; text: string }>;
}

export interface LetterContent {
  language: Language;
  address: PostalAddress;
  code: string;
  date: Date;
  username: string;
}

/** Where a letter goes once written: the local outbox; in AWS the PMO prints the PDF. */
export interface Mailroom {
  queued(letter: { address: PostalAddress; text: string; language: Language }): Promise<void>;
}
