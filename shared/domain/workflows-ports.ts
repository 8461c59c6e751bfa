/** Starts long-running workflows; starting twice for the same account is harmless. */
export interface Workflows {
  startAccountActivation(accountId: string): Promise<void>;
  startRcamEnrollment(requestId: string): Promise<void>;
  /** Waits until `resetAt`, then removes the account's second factors unless the reset was cancelled. */
  startSecondFactorReset(reset: { accountId: string; resetId: string; resetAt: Date }): Promise<void>;
  /** Stops a request's enrolment where it waits (an account erased): no step runs after it. One that already ended is left as it is. */
  stopRcamEnrollment(requestId: string): Promise<void>;
  /** Stops a second-factor reset's wait (an account erased): the factors are not removed later. One that already ended is left as it is. */
  stopSecondFactorReset(resetId: string): Promise<void>;
  /** Starts a state machine again with the input of an execution that ended badly, under a new name (the PMO's retry). */
  restart(stateMachineArn: string, executionName: string, input: string): Promise<void>;
}

/** Resumes a workflow that waits on a task token. `gone` when it already timed out or finished. */
export interface TaskCallbacks {
  succeed(taskToken: string, output: Record<string, unknown>): Promise<'resumed' | 'gone'>;
}

/**
 * The error a deliberate stop (an account erased) gives its execution. Step Functions reports the
 * stop as ABORTED, like any other: the stuck-case recorder leaves executions with this error alone.
 */
export const DELIBERATE_STOP_ERROR = 'Passerelle.AccountErased';
