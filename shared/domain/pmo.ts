import type { Account } from './accounts-ports';
import { addCalendarMonths } from './calendar';
import { addressFaults, type AddressFault } from './letter-layout';
import type { Letter, LetterSummary, PostalAddress } from './letters-ports';
import type { RcamDeps } from './rcam';
import type { CodeRequest } from './rcam-ports';
import { RULES } from './rules';
import type { SecurityEventLog } from './security-events';

/**
 * Separation of duties: a clerk never decides, prints, sends or records the delivery of a request
 * made from their own account. Another clerk must.
 */
export const isOwnRequest = (clerk: Pick<Account, 'accountId'>, request: Pick<CodeRequest, 'accountId'>): boolean => clerk.accountId === request.accountId;

/** What the PMO's use cases need: the enrolment's ports and the security log. */
export type PmoDeps = RcamDeps & { securityEvents: SecurityEventLog };

/** Who did something, as the audit trail keeps it: the username people know, and the account. */
const actorOf = (clerk: Account) => ({ actor: clerk.username, actorAccountId: clerk.accountId });

export interface ReviewItem {
  requestId: string;
  submittedAt: string;
  staffNumber: string;
  lastName: string;
  firstName: string;
  birthDate: string;
  username: string;
  email: string;
  /** The clerk's own request: listed, but another clerk must decide it. */
  ownRequest: boolean;
}

/** The requests waiting for a decision, each flagged when it is the clerk's own. */
export const pendingReviews = async (deps: Pick<RcamDeps, 'rcam' | 'accounts'>, clerk: Account): Promise<ReviewItem[]> => {
  // Listed once its workflow waits for the decision (a moment after the request): a decision can then resume it.
  const requests = (await deps.rcam.pendingReviews()).filter((request) => request.taskToken);
  return Promise.all(
    requests.map(async (request: CodeRequest) => {
      const account = await deps.accounts.findById(request.accountId);
      return {
        requestId: request.requestId,
        submittedAt: request.submittedAt.toISOString(),
        staffNumber: request.staffNumber,
        lastName: request.lastName,
        firstName: request.firstName,
        birthDate: request.birthDate,
        username: account?.username ?? '',
        email: account?.email ?? '',
        ownRequest: isOwnRequest(clerk, request),
      };
    }),
  );
};

export type Decision = { decision: 'approve'; postalAddress: PostalAddress; reason?: string } | { decision: 'reject'; reason?: string };

export type DecideResult =
  | { outcome: 'decided' }
  | { outcome: 'not_found' }
  | { outcome: 'conflict' }
  | { outcome: 'own_request' }
  /** The letter would not print whole: the faults by field of the address; nothing was recorded. */
  | { outcome: 'unprintable_address'; faults: Record<string, AddressFault> };

/**
 * A reviewer's decision: never on their own request; an approval only with an address that
 * prints whole in the envelope's window. Audited first (Step Functions keeps history 90 days
 * only), recorded once, then sent back to the waiting workflow. A second or late decision is a conflict.
 */
export const decide = async (deps: PmoDeps, clerk: Account, requestId: string, decision: Decision): Promise<DecideResult> => {
  const request = await deps.rcam.find(requestId);
  if (!request) return { outcome: 'not_found' };
  const event = (outcome: string) => deps.securityEvents.record({ type: 'pmo_decision', accountId: clerk.accountId, outcome, details: { requestId } });
  if (isOwnRequest(clerk, request)) {
    event('own_request');
    return { outcome: 'own_request' };
  }
  if (decision.decision === 'approve') {
    const faults = addressFaults(decision.postalAddress);
    if (Object.keys(faults).length) return { outcome: 'unprintable_address', faults };
  }
  const now = deps.clock.now();
  await deps.rcam.audit({ requestId, at: now, ...actorOf(clerk), action: `review_${decision.decision}`, details: { reason: decision.reason } });
  if (!request.taskToken || !(await deps.rcam.recordDecision(requestId, decision.decision, now))) {
    event('conflict');
    return { outcome: 'conflict' };
  }
  // The workflow reads $.review.reason and $.review.postalAddress: both always present.
  const output = { decision: decision.decision, reason: decision.reason ?? '', postalAddress: decision.decision === 'approve' ? decision.postalAddress : null };
  const resumed = (await deps.callbacks.succeed(request.taskToken, output)) === 'resumed';
  event(resumed ? decision.decision : 'conflict');
  return { outcome: resumed ? 'decided' : 'conflict' };
};

export type LetterItem = Omit<LetterSummary, 'awaitsDispatch'> & { ownRequest: boolean };

/**
 * The letters in a state, each with whose it is (the clerk matches envelopes to people), oldest
 * first; the clerk's own flagged. A queued letter shows once the workflow waits for its dispatch:
 * listed a moment before, "sent" would be refused.
 */
export const lettersWith = async (deps: Pick<RcamDeps, 'rcam'>, clerk: Account, status: Letter['status']): Promise<LetterItem[]> =>
  Promise.all(
    (await deps.rcam.letters(status))
      .filter((letter) => status !== 'queued' || letter.awaitsDispatch)
      .map(async ({ awaitsDispatch: _awaits, ...letter }) => {
        // Letters written before they named their account: their request does.
        const accountId = letter.accountId ?? (await deps.rcam.find(letter.requestId))?.accountId ?? '';
        return { ...letter, ownRequest: isOwnRequest(clerk, { accountId }) };
      }),
  );

/** A letter and its request, for a clerk to act on: neither unknown, nor the clerk's own. */
const letterFor = async (
  deps: Pick<RcamDeps, 'rcam'>,
  clerk: Account,
  letterId: string,
): Promise<'not_found' | 'own_request' | { letter: Letter; request: CodeRequest }> => {
  const letter = await deps.rcam.findLetter(letterId);
  const request = letter && (await deps.rcam.find(letter.requestId));
  if (!letter || !request) return 'not_found';
  return isOwnRequest(clerk, request) ? 'own_request' : { letter, request };
};

export type LetterPdfResult = { outcome: 'pdf'; pdf: Uint8Array } | { outcome: 'not_found' } | { outcome: 'own_request' } | { outcome: 'gone' };

/**
 * The letter to print, with the code in clear: for another clerk than the requester, until it is
 * sent. Every download is in the audit trail (who, when, which letter) before the PDF leaves.
 */
export const letterToPrint = async (deps: PmoDeps, clerk: Account, letterId: string): Promise<LetterPdfResult> => {
  const found = await letterFor(deps, clerk, letterId);
  if (typeof found === 'string') return { outcome: found };
  const { letter } = found;
  if (letter.status !== 'queued' || !letter.pdf) return { outcome: 'gone' };
  await deps.rcam.audit({ requestId: letter.requestId, at: deps.clock.now(), ...actorOf(clerk), action: 'letter_pdf_downloaded', details: { letterId } });
  deps.securityEvents.record({
    type: 'letter_pdf_downloaded',
    accountId: clerk.accountId,
    outcome: 'success',
    details: { letterId, requestId: letter.requestId },
  });
  return { outcome: 'pdf', pdf: letter.pdf };
};

/** The mailroom posted the letter: tracking number recorded, the request shows it sent, the workflow moves on. */
export const markLetterSent = async (
  deps: RcamDeps,
  clerk: Account,
  letterId: string,
  trackingNumber: string,
): Promise<'done' | 'not_found' | 'conflict' | 'own_request'> => {
  const found = await letterFor(deps, clerk, letterId);
  if (typeof found === 'string') return found;
  const { letter } = found;
  const now = deps.clock.now();
  await deps.rcam.audit({ requestId: letter.requestId, at: now, ...actorOf(clerk), action: 'letter_sent', details: { letterId, trackingNumber } });
  // Moving it to sent deletes its PDF: a letter in the post is not printed again.
  if (!letter.taskToken || !(await deps.rcam.moveLetter(letterId, 'queued', 'sent', { trackingNumber }))) return 'conflict';
  await deps.rcam.transition(letter.requestId, 'letter_sent', now, ['letter_queued']);
  deps.funnel.passed('LettersSent');
  return (await deps.callbacks.succeed(letter.taskToken, { trackingNumber })) === 'resumed' ? 'done' : 'conflict';
};

/** The acknowledgement of receipt came back: the 6 months start at `deliveredAt`. */
export const markLetterDelivered = async (
  deps: RcamDeps,
  clerk: Account,
  letterId: string,
  deliveredAt: Date,
): Promise<'done' | 'not_found' | 'conflict' | 'invalid_date' | 'own_request'> => {
  const found = await letterFor(deps, clerk, letterId);
  if (typeof found === 'string') return found;
  const { letter } = found;
  const now = deps.clock.now();
  if (deliveredAt > now || deliveredAt < letter.createdAt) return 'invalid_date';
  await deps.rcam.audit({
    requestId: letter.requestId,
    at: now,
    ...actorOf(clerk),
    action: 'letter_delivered',
    details: { letterId, deliveredAt: deliveredAt.toISOString() },
  });
  if (!(await deps.rcam.moveLetter(letterId, 'sent', 'delivered'))) return 'conflict';
  const codeExpiresAt = addCalendarMonths(deliveredAt, RULES.rcamCodeWindowMonths);
  // A redemption may already have proven delivery: then the acknowledgement is only recorded.
  if (!(await deps.rcam.transition(letter.requestId, 'letter_delivered', now, ['letter_sent'], { deliveredAt, codeExpiresAt }))) return 'done';
  const request = (await deps.rcam.find(letter.requestId))!;
  const windowSeconds = Math.max(1, Math.ceil((codeExpiresAt.getTime() - now.getTime()) / 1000));
  if (!request.taskToken) return 'conflict';
  return (await deps.callbacks.succeed(request.taskToken, { redeemed: false, windowSeconds })) === 'resumed' ? 'done' : 'conflict';
};

export interface AuditItem {
  at: string;
  actor: string;
  action: string;
  details?: Record<string, unknown>;
}

/**
 * A request's audit trail for the PMO, oldest first; undefined for an unknown request. Actors
 * by username (the requester's own acts were recorded by account id), never by email.
 */
export const auditTrailOf = async (deps: Pick<RcamDeps, 'rcam' | 'accounts'>, requestId: string): Promise<AuditItem[] | undefined> => {
  const request = await deps.rcam.find(requestId);
  if (!request) return undefined;
  const records = await deps.rcam.auditTrail(requestId);
  const requester = records.some((record) => record.actor === request.accountId) ? await deps.accounts.findById(request.accountId) : undefined;
  return records.map((record) => ({
    at: record.at.toISOString(),
    actor: record.actor === request.accountId ? (requester?.username ?? '') : record.actor,
    action: record.action,
    ...(record.details && Object.keys(record.details).length ? { details: record.details } : {}),
  }));
};
