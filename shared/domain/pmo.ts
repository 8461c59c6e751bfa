import { addCalendarMonths } from './calendar';
import type { Account, CodeRequest, Letter, PostalAddress, Session } from './ports';
import { RCAM_RULES, type RcamDeps } from './rcam';
import { isSecondFactor } from './sessions';

export const PMO_ROLE = 'pmo';

/** PMO staff: the role, and a session proven by a second factor. */
export const isPmo = (account: Account | undefined, session: Session): boolean => Boolean(account?.roles?.includes(PMO_ROLE)) && isSecondFactor(session.assurance);

export interface ReviewItem {
  requestId: string;
  submittedAt: string;
  staffNumber: string;
  lastName: string;
  firstName: string;
  birthDate: string;
  username: string;
  email: string;
}

export const pendingReviews = async (deps: Pick<RcamDeps, 'rcam' | 'accounts'>): Promise<ReviewItem[]> => {
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
      };
    }),
  );
};

export type Decision = { decision: 'approve'; postalAddress: PostalAddress; reason?: string } | { decision: 'reject'; reason?: string };

/**
 * A reviewer's decision: audited first (Step Functions keeps history 90 days only), recorded
 * once, then sent back to the waiting workflow. A second or late decision is a conflict.
 */
export const decide = async (deps: RcamDeps, actor: string, requestId: string, decision: Decision): Promise<'decided' | 'not_found' | 'conflict'> => {
  const request = await deps.rcam.find(requestId);
  if (!request) return 'not_found';
  const now = deps.clock.now();
  await deps.rcam.audit({ requestId, at: now, actor, action: `review_${decision.decision}`, details: { reason: decision.reason } });
  if (!request.taskToken || !(await deps.rcam.recordDecision(requestId, decision.decision, now))) return 'conflict';
  // The workflow reads $.review.reason and $.review.postalAddress: both always present.
  const output = { decision: decision.decision, reason: decision.reason ?? '', postalAddress: decision.decision === 'approve' ? decision.postalAddress : null };
  return (await deps.callbacks.succeed(request.taskToken, output)) === 'resumed' ? 'decided' : 'conflict';
};

/** The letters in a state, each with whose it is (the clerk matches envelopes to people), oldest first. */
export const lettersWith = (deps: Pick<RcamDeps, 'rcam'>, status: Letter['status']) => deps.rcam.letters(status);

/** The mailroom posted the letter: tracking number recorded, the request shows it sent, the workflow moves on. */
export const markLetterSent = async (deps: RcamDeps, actor: string, letterId: string, trackingNumber: string): Promise<'done' | 'not_found' | 'conflict'> => {
  const letter = await deps.rcam.findLetter(letterId);
  if (!letter) return 'not_found';
  const now = deps.clock.now();
  await deps.rcam.audit({ requestId: letter.requestId, at: now, actor, action: 'letter_sent', details: { letterId, trackingNumber } });
  if (!letter.taskToken || !(await deps.rcam.moveLetter(letterId, 'queued', 'sent', { trackingNumber }))) return 'conflict';
  await deps.rcam.transition(letter.requestId, 'letter_sent', now, ['letter_queued']);
  return (await deps.callbacks.succeed(letter.taskToken, { trackingNumber })) === 'resumed' ? 'done' : 'conflict';
};

/** The acknowledgement of receipt came back: the 6 months start at `deliveredAt`. */
export const markLetterDelivered = async (deps: RcamDeps, actor: string, letterId: string, deliveredAt: Date): Promise<'done' | 'not_found' | 'conflict' | 'invalid_date'> => {
  const letter = await deps.rcam.findLetter(letterId);
  if (!letter) return 'not_found';
  const now = deps.clock.now();
  if (deliveredAt > now || deliveredAt < letter.createdAt) return 'invalid_date';
  await deps.rcam.audit({ requestId: letter.requestId, at: now, actor, action: 'letter_delivered', details: { letterId, deliveredAt: deliveredAt.toISOString() } });
  if (!(await deps.rcam.moveLetter(letterId, 'sent', 'delivered'))) return 'conflict';
  const codeExpiresAt = addCalendarMonths(deliveredAt, RCAM_RULES.codeWindowMonths);
  // A redemption may already have proven delivery: then the acknowledgement is only recorded.
  if (!(await deps.rcam.transition(letter.requestId, 'letter_delivered', now, ['letter_sent'], { deliveredAt, codeExpiresAt }))) return 'done';
  const request = (await deps.rcam.find(letter.requestId))!;
  const windowSeconds = Math.max(1, Math.ceil((codeExpiresAt.getTime() - now.getTime()) / 1000));
  if (!request.taskToken) return 'conflict';
  return (await deps.callbacks.succeed(request.taskToken, { redeemed: false, windowSeconds })) === 'resumed' ? 'done' : 'conflict';
};
