/** Which workflow an execution belongs to, read from its name (shared/adapters/step-functions.ts names them). */
export type WorkflowKind = 'activation' | 'rcam' | 'factorReset';

/** How an execution ended badly, as Step Functions reports it. */
export type StuckStatus = 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** What the PMO did with a case: nothing yet, started the workflow again, or closed it. */
export type CaseState = 'open' | 'retried' | 'closed';

/** A workflow execution that ended badly, for the PMO's "to handle" list. */
export interface StuckCase {
  /** Derived from the execution's ARN: the same event twice records one case. */
  caseId: string;
  workflow: WorkflowKind;
  stateMachineArn: string;
  executionArn: string;
  executionName: string;
  /** The execution's input as JSON text, to start it again; never shown. */
  input: string;
  status: StuckStatus;
  error?: string;
  cause?: string;
  accountId?: string;
  requestId?: string;
  stoppedAt: Date;
  recordedAt: Date;
  state: CaseState;
  handledBy?: string;
  handledAt?: Date;
  /** The execution a retry started. */
  retryExecutionName?: string;
}

/** The "to handle" list: stuck workflow executions and what the PMO did with them. */
export interface CaseStore {
  /** Records a case unless one exists for the same execution; false then. */
  record(stuck: StuckCase): Promise<boolean>;
  find(caseId: string): Promise<StuckCase | undefined>;
  /** The cases in a state, oldest first. */
  list(state: CaseState): Promise<StuckCase[]>;
  /** Moves an open case to `state`; false if it was not open (two clerks, one wins). */
  handle(caseId: string, state: Exclude<CaseState, 'open'>, by: string, at: Date, retryExecutionName?: string): Promise<boolean>;
}
