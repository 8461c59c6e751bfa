import { createHash } from 'node:crypto';
import type { Account, AccountStore } from './accounts-ports';
import type { CaseStore, StuckCase, StuckStatus, WorkflowKind } from './cases-ports';
import type { Clock } from './clock';
import type { RcamStore } from './rcam-ports';
import { DELIBERATE_STOP_ERROR, type Workflows } from './workflows-ports';

/** What Step Functions says of an execution that changed status (EventBridge's `detail`). */
export interface ExecutionStatusChange {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: string;
  input?: string | null;
  stopDate?: number | null;
  error?: string | null;
  cause?: string | null;
}

const STUCK: readonly string[] = ['FAILED', 'TIMED_OUT', 'ABORTED'] satisfies StuckStatus[];
/** The longest cause kept: a Lambda error's stack is of no use to a clerk, and must not grow the item. */
const MAX_CAUSE = 500;

/** Execution names are `activation-<accountId>`, `rcam-<requestId>`, `factor-reset-<resetId>`, a retry adding `-r<time>`. */
const kindOf = (executionName: string): WorkflowKind | undefined =>
  executionName.startsWith('activation-')
    ? 'activation'
    : executionName.startsWith('rcam-')
      ? 'rcam'
      : executionName.startsWith('factor-reset-')
        ? 'factorReset'
        : undefined;

const RETRY_SUFFIX = /-r[0-9a-z]{6,}$/;

export const caseIdOf = (executionArn: string): string => createHash('sha256').update(executionArn).digest('hex').slice(0, 32);

export interface CaseDeps {
  cases: CaseStore;
  rcam: RcamStore;
  accounts: AccountStore;
  clock: Clock;
}

/**
 * An execution ended FAILED, TIMED_OUT or ABORTED (EventBridge in AWS, the local runner locally):
 * the case goes to the PMO's "to handle" list, and an RCAM request's audit trail says so. Events
 * arrive at least once: the case is recorded once.
 */
export const recordStuckExecution = async (deps: CaseDeps, change: ExecutionStatusChange): Promise<'recorded' | 'known' | 'ignored'> => {
  const workflow = kindOf(change.name);
  // An erased account's workflows are stopped on purpose: nothing for the PMO to handle.
  if (!STUCK.includes(change.status) || !workflow || change.error === DELIBERATE_STOP_ERROR) return 'ignored';
  const input = change.input ?? '{}';
  const fields = JSON.parse(input) as { accountId?: string; requestId?: string };
  const now = deps.clock.now();
  const stuck: StuckCase = {
    caseId: caseIdOf(change.executionArn),
    workflow,
    stateMachineArn: change.stateMachineArn,
    executionArn: change.executionArn,
    executionName: change.name,
    input,
    status: change.status as StuckStatus,
    error: change.error ?? undefined,
    cause: change.cause ? change.cause.slice(0, MAX_CAUSE) : undefined,
    accountId: fields.accountId,
    requestId: fields.requestId,
    stoppedAt: change.stopDate ? new Date(change.stopDate) : now,
    recordedAt: now,
    state: 'open',
  };
  if (workflow === 'rcam' && stuck.requestId) {
    const request = await deps.rcam.find(stuck.requestId);
    stuck.accountId = request?.accountId;
  }
  if (!(await deps.cases.record(stuck))) return 'known';
  if (workflow === 'rcam' && stuck.requestId) {
    await deps.rcam.audit({
      requestId: stuck.requestId,
      at: now,
      actor: 'workflow',
      action: 'workflow_stuck',
      details: { caseId: stuck.caseId, status: stuck.status, error: stuck.error },
    });
  }
  return 'recorded';
};

export interface CaseItem {
  caseId: string;
  workflow: WorkflowKind;
  status: StuckStatus;
  error?: string;
  cause?: string;
  username?: string;
  requestId?: string;
  stoppedAt: string;
  state: StuckCase['state'];
  handledBy?: string;
  handledAt?: string;
  /** An RCAM workflow can start again only while its request waits for review: later steps need their own tokens. */
  retryable: boolean;
}

const retryable = async (deps: Pick<CaseDeps, 'rcam'>, stuck: StuckCase): Promise<boolean> => {
  if (stuck.state !== 'open') return false;
  if (stuck.workflow !== 'rcam') return true;
  const request = stuck.requestId ? await deps.rcam.find(stuck.requestId) : undefined;
  return request?.status === 'pending_review';
};

/** The cases in a state, oldest first, each with its account's username (never an email) and whether a retry can help. */
export const listCases = async (deps: CaseDeps, state: StuckCase['state']): Promise<CaseItem[]> =>
  Promise.all(
    (await deps.cases.list(state)).map(async (stuck) => {
      const account = stuck.accountId ? await deps.accounts.findById(stuck.accountId) : undefined;
      return {
        caseId: stuck.caseId,
        workflow: stuck.workflow,
        status: stuck.status,
        error: stuck.error,
        cause: stuck.cause,
        username: account?.username,
        requestId: stuck.requestId,
        stoppedAt: stuck.stoppedAt.toISOString(),
        state: stuck.state,
        handledBy: stuck.handledBy,
        handledAt: stuck.handledAt?.toISOString(),
        retryable: await retryable(deps, stuck),
      };
    }),
  );

export type HandleResult =
  { outcome: 'retried'; executionName: string } | { outcome: 'closed' } | { outcome: 'not_found' | 'not_open' | 'not_retryable' | 'own_request' };

/**
 * Starts the workflow again with the failed execution's input, under a new name (Step Functions
 * keeps names for 90 days). Each workflow's steps are safe to repeat: the activation sends a fresh
 * link, the reset removes what is left, the RCAM workflow waits for the review again.
 */
export const retryCase = async (deps: CaseDeps & { workflows: Workflows }, clerk: Account, caseId: string): Promise<HandleResult> => {
  const stuck = await deps.cases.find(caseId);
  if (!stuck) return { outcome: 'not_found' };
  if (stuck.state !== 'open') return { outcome: 'not_open' };
  if (stuck.accountId === clerk.accountId) return { outcome: 'own_request' };
  if (!(await retryable(deps, stuck))) return { outcome: 'not_retryable' };
  const now = deps.clock.now();
  const executionName = `${stuck.executionName.replace(RETRY_SUFFIX, '')}-r${now.getTime().toString(36)}`;
  // Claimed first: of two clerks retrying at once, one starts it.
  if (!(await deps.cases.handle(caseId, 'retried', clerk.username, now, executionName))) return { outcome: 'not_open' };
  await deps.workflows.restart(stuck.stateMachineArn, executionName, stuck.input);
  if (stuck.requestId) await auditHandled(deps, stuck, clerk, 'case_retried', now);
  return { outcome: 'retried', executionName };
};

/** Closes a case that needs nothing more (handled by hand, or no longer relevant). */
export const closeCase = async (deps: CaseDeps, clerk: Account, caseId: string): Promise<HandleResult> => {
  const stuck = await deps.cases.find(caseId);
  if (!stuck) return { outcome: 'not_found' };
  if (stuck.state !== 'open') return { outcome: 'not_open' };
  if (stuck.accountId === clerk.accountId) return { outcome: 'own_request' };
  const now = deps.clock.now();
  if (!(await deps.cases.handle(caseId, 'closed', clerk.username, now))) return { outcome: 'not_open' };
  if (stuck.requestId) await auditHandled(deps, stuck, clerk, 'case_closed', now);
  return { outcome: 'closed' };
};

const auditHandled = (deps: Pick<CaseDeps, 'rcam'>, stuck: StuckCase, clerk: Account, action: string, at: Date) =>
  deps.rcam.audit({ requestId: stuck.requestId!, at, actor: clerk.username, actorAccountId: clerk.accountId, action, details: { caseId: stuck.caseId } });
