/** Starts long-running workflows; starting twice for the same account is harmless. */
export interface Workflows {
  startAccountActivation(accountId: string): Promise<void>;
  startRcamEnrollment(requestId: string): Promise<void>;
  /** Waits until `resetAt`, then removes the account's second factors unless the reset was cancelled. */
  startSecondFactorReset(reset: { accountId: string; resetId: string; resetAt: Date }): Promise<void>;
  /** Starts a state machine again with the input of an execution that ended badly, under a new name (the PMO's retry). */
  restart(stateMachineArn: string, executionName: string, input: string): Promise<void>;
}

/** Resumes a workflow that waits on a task token. `gone` when it already timed out or finished. */
export interface TaskCallbacks {
  succeed(taskToken: string, output: Record<string, unknown>): Promise<'resumed' | 'gone'>;
}
