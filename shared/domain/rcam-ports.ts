import type { AuditRecord } from './audit-ports';
import type { Letter, LetterSummary } from './letters-ports';

/** Every state a request for an RCAM access code can be in (the workflow's, as GET /rcam/enrollment names them). */
export const RCAM_STATUSES = [
  'pending_review',
  'rejected',
  'review_expired',
  'letter_queued',
  'letter_sent',
  'letter_delivered',
  'letter_undelivered',
  'code_expired',
  'code_redeemed',
  'rcam_active',
  'complete',
] as const;
export type RcamStatus = (typeof RCAM_STATUSES)[number];

/** A request for an RCAM access code and everything that happened to it. */
export interface CodeRequest {
  requestId: string;
  accountId: string;
  staffNumber: string;
  lastName: string;
  firstName: string;
  birthDate: string;
  status: RcamStatus;
  submittedAt: Date;
  timeline: Array<{ status: RcamStatus; at: Date }>;
  letterId?: string;
  codeHash?: string;
  deliveredAt?: Date;
  codeExpiresAt?: Date;
  redeemedAt?: Date;
  rcamAvailableAt?: Date;
  myIntracommAvailableAt?: Date;
  /** Where the workflow waits: review, delivery or redemption. Never leaves the server. */
  taskToken?: string;
}

/** The RCAM enrolment: requests, letters and their audit trail (kept beyond Step Functions' 90 days). */
export interface RcamStore {
  /** Creates the request unless the account has one running. */
  create(request: CodeRequest): Promise<'created' | 'request_active'>;
  find(requestId: string): Promise<CodeRequest | undefined>;
  currentOf(accountId: string): Promise<CodeRequest | undefined>;
  /** Every request the account made, the current one included, oldest first. */
  requestsOf(accountId: string): Promise<CodeRequest[]>;
  /** Moves to `status` (and sets `fields`) if the request is in one of `from`; appends the timeline. */
  transition(requestId: string, status: RcamStatus, at: Date, from: readonly RcamStatus[], fields?: Partial<CodeRequest>): Promise<boolean>;
  setTaskToken(requestId: string, taskToken: string): Promise<void>;
  /** Records the first decision on a pending request; false for a second one. */
  recordDecision(requestId: string, decision: 'approve' | 'reject', at: Date): Promise<boolean>;
  pendingReviews(): Promise<CodeRequest[]>;
  /** The account may ask again (the request ended without access). */
  release(accountId: string, requestId: string): Promise<void>;
  /**
   * Stores the letter and moves its request to letter_queued with the code's hash, both or neither
   * (a retried step must not make a second letter); false if the request already has one.
   */
  queueLetter(letter: Letter, codeHash: string): Promise<boolean>;
  findLetter(letterId: string): Promise<Letter | undefined>;
  /** The letters in a state, oldest first. */
  letters(status: Letter['status']): Promise<LetterSummary[]>;
  setLetterTaskToken(letterId: string, taskToken: string): Promise<void>;
  /** Moves a letter from `from` to `to`, and deletes its PDF unless it stays queued; false if it was not in `from`. */
  moveLetter(letterId: string, from: Letter['status'], to: Letter['status'], fields?: { trackingNumber?: string }): Promise<boolean>;
  /** Deletes the letter's PDF (the code in clear), keeping the rest; true if there was one. */
  discardLetterPdf(letterId: string): Promise<boolean>;
  audit(record: AuditRecord): Promise<void>;
  /** A request's audit records, oldest first. */
  auditTrail(requestId: string): Promise<AuditRecord[]>;
}
