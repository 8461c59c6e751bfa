import type { Funnel } from './funnel';
import { randomUUID } from 'node:crypto';
import type { AccountStore } from './accounts-ports';
import { addCalendarMonths, brusselsMidnightAfter } from './calendar';
import { addSeconds, type Clock } from './clock';
import { hashCode } from './codes';
import type { Mailer } from './emails-ports';
import type { LetterRenderer, Mailroom } from './letters-ports';
import type { RateLimiter } from './rate-limits-ports';
import type { CodeRequest, RcamStatus, RcamStore } from './rcam-ports';
import { RULES } from './rules';
import { sameHash } from './secrets';
import type { SecurityEventLog } from './security-events';
import type { TaskCallbacks, Workflows } from './workflows-ports';

/** The letter's one-time code, in characters of the unambiguous alphabet (its time rules are in rules.ts). */
export const RCAM_CODE_LENGTH = 16;

export interface RcamDeps {
  rcam: RcamStore;
  accounts: AccountStore;
  mailer: Mailer;
  callbacks: TaskCallbacks;
  clock: Clock;
  letterRenderer: LetterRenderer;
  mailroom: Mailroom;
  /** Counts redemption tries per account. */
  rateLimiter: RateLimiter;
  workflows: Workflows;
  securityEvents: SecurityEventLog;
  funnel: Funnel;
}

export interface CodeRequestForm {
  staffNumber: string;
  lastName: string;
  firstName: string;
  birthDate: string;
}

/** Step 14: the request goes to the PMO for review, in its own workflow. */
export const requestCode = async (
  deps: RcamDeps,
  accountId: string,
  form: CodeRequestForm,
): Promise<{ outcome: 'created'; requestId: string } | { outcome: 'request_active' }> => {
  const now = deps.clock.now();
  const request: CodeRequest = {
    requestId: randomUUID(),
    accountId,
    ...form,
    status: 'pending_review',
    submittedAt: now,
    timeline: [{ status: 'pending_review', at: now }],
  };
  if ((await deps.rcam.create(request)) === 'request_active') return { outcome: 'request_active' };
  try {
    await deps.workflows.startRcamEnrollment(request.requestId);
  } catch (error) {
    // Without a workflow nobody would ever review it: close it, and let the person ask again.
    await deps.rcam.transition(request.requestId, 'review_expired', now, ['pending_review']);
    await deps.rcam.release(accountId, request.requestId);
    throw error;
  }
  deps.funnel.passed('CodesRequested');
  return { outcome: 'created', requestId: request.requestId };
};

export interface EnrollmentView {
  requestId: string;
  status: RcamStatus;
  timeline: Array<{ status: RcamStatus; at: string }>;
  codeExpiresAt?: string;
  rcamAvailableAt?: string;
  myIntracommAvailableAt?: string;
}

export const enrollmentOf = async (deps: Pick<RcamDeps, 'rcam'>, accountId: string): Promise<EnrollmentView | undefined> => {
  const request = await deps.rcam.currentOf(accountId);
  return (
    request && {
      requestId: request.requestId,
      status: request.status,
      timeline: request.timeline.map((entry) => ({ status: entry.status, at: entry.at.toISOString() })),
      codeExpiresAt: request.codeExpiresAt?.toISOString(),
      rcamAvailableAt: request.rcamAvailableAt?.toISOString(),
      myIntracommAvailableAt: request.myIntracommAvailableAt?.toISOString(),
    }
  );
};

export type RedeemResult =
  | { outcome: 'redeemed'; rcamAvailableAt: Date; myIntracommAvailableAt: Date }
  | { outcome: 'invalid_code' }
  | { outcome: 'code_expired' }
  | { outcome: 'rate_limited'; retryAfterSeconds: number };

/**
 * Step 16: the code from the letter. Accepted once the letter is sent (a redemption before the
 * acknowledgement of receipt proves delivery), within 6 months of delivery, once.
 */
export const redeemCode = async (deps: RcamDeps, accountId: string, typed: string): Promise<RedeemResult> => {
  const now = deps.clock.now();
  const request = await deps.rcam.currentOf(accountId);
  if (!request?.codeHash || !['letter_sent', 'letter_delivered'].includes(request.status)) {
    return request && ['code_redeemed', 'rcam_active', 'complete', 'code_expired'].includes(request.status)
      ? { outcome: 'code_expired' }
      : { outcome: 'invalid_code' };
  }
  if (request.codeExpiresAt && request.codeExpiresAt <= now) return { outcome: 'code_expired' };
  // Each try takes its slot (one atomic write) before the code is compared: 5 tries in 10 minutes,
  // under any burst; then none until the oldest leaves the window. The right code ends the matter.
  const slot = await deps.rateLimiter.take(`REDEEM#${accountId}`, now, [RULES.rcamCodeTries]);
  if (!slot.allowed) return { outcome: 'rate_limited', retryAfterSeconds: slot.retryAfterSeconds };
  if (!sameHash(hashCode(request.requestId, typed), request.codeHash)) {
    deps.securityEvents.record({ type: 'wrong_code', accountId, outcome: 'failure', details: { purpose: 'rcam_letter', requestId: request.requestId } });
    return { outcome: 'invalid_code' };
  }
  const rcamAvailableAt = brusselsMidnightAfter(now, RULES.rcamOpensAfterCalendarDays);
  const myIntracommAvailableAt = addSeconds(now, RULES.myIntracommDelaySeconds);
  const delivery = request.deliveredAt ? {} : { deliveredAt: now, codeExpiresAt: addCalendarMonths(now, RULES.rcamCodeWindowMonths) };
  const redeemed = await deps.rcam.transition(request.requestId, 'code_redeemed', now, ['letter_sent', 'letter_delivered'], {
    redeemedAt: now,
    rcamAvailableAt,
    myIntracommAvailableAt,
    ...delivery,
  });
  if (!redeemed) return { outcome: 'code_expired' };
  deps.funnel.passed('CodesRedeemed');
  await deps.rcam.audit({
    requestId: request.requestId,
    at: now,
    actor: accountId,
    action: 'code_redeemed',
    details: { provedDelivery: !request.deliveredAt },
  });
  if (request.taskToken) {
    await deps.callbacks.succeed(request.taskToken, {
      redeemed: true,
      rcamAvailableAt: rcamAvailableAt.toISOString(),
      myIntracommAvailableAt: myIntracommAvailableAt.toISOString(),
    });
  }
  return { outcome: 'redeemed', rcamAvailableAt, myIntracommAvailableAt };
};
