import { SendTaskSuccessCommand, SFNClient, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { DELIBERATE_STOP_ERROR, type TaskCallbacks, type Workflows } from '#domain/workflows-ports';

/** Errors that mean the task is no longer waiting: it timed out, or its execution ended. */
const GONE = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

export const sfnClient = (endpoint?: string): SFNClient =>
  new SFNClient(endpoint ? { endpoint, region: process.env.AWS_REGION ?? 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {});

export class StepFunctionsWorkflows implements Workflows {
  constructor(
    private readonly client: SFNClient,
    private readonly activationStateMachineArn: string | undefined,
    private readonly rcamStateMachineArn?: string,
    private readonly factorResetStateMachineArn?: string,
  ) {}

  async startSecondFactorReset(reset: { accountId: string; resetId: string; resetAt: Date }): Promise<void> {
    if (!this.factorResetStateMachineArn) throw new Error('FACTOR_RESET_STATE_MACHINE_ARN is not set for this function');
    await this.start(this.factorResetStateMachineArn, `factor-reset-${reset.resetId}`, {
      accountId: reset.accountId,
      resetId: reset.resetId,
      resetAt: reset.resetAt.toISOString(),
    });
  }

  async startRcamEnrollment(requestId: string): Promise<void> {
    if (!this.rcamStateMachineArn) throw new Error('RCAM_STATE_MACHINE_ARN is not set for this function');
    await this.start(this.rcamStateMachineArn, `rcam-${requestId}`, { requestId });
  }

  async stopRcamEnrollment(requestId: string): Promise<void> {
    if (!this.rcamStateMachineArn) throw new Error('RCAM_STATE_MACHINE_ARN is not set for this function');
    await this.stop(this.rcamStateMachineArn, `rcam-${requestId}`);
  }

  async stopSecondFactorReset(resetId: string): Promise<void> {
    if (!this.factorResetStateMachineArn) throw new Error('FACTOR_RESET_STATE_MACHINE_ARN is not set for this function');
    await this.stop(this.factorResetStateMachineArn, `factor-reset-${resetId}`);
  }

  /**
   * Executions are named (see `start`), so their ARN is known without a lookup. Stopping one that
   * already ended changes nothing; one past Step Functions' 90-day history is simply not found.
   */
  private async stop(stateMachineArn: string, name: string): Promise<void> {
    const executionArn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
    try {
      await this.client.send(new StopExecutionCommand({ executionArn, error: DELIBERATE_STOP_ERROR, cause: "account erased at its owner's request" }));
    } catch (error) {
      if (!(error instanceof Error && error.name === 'ExecutionDoesNotExist')) throw error;
    }
  }

  /** Named executions: a retried start cannot run a second one. */
  private async start(stateMachineArn: string, name: string, input: Record<string, unknown>): Promise<void> {
    try {
      await this.client.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));
    } catch (error) {
      if (!(error instanceof Error && error.name === 'ExecutionAlreadyExists')) throw error;
    }
  }

  async restart(stateMachineArn: string, executionName: string, input: string): Promise<void> {
    await this.start(stateMachineArn, executionName, JSON.parse(input) as Record<string, unknown>);
  }

  async startAccountActivation(accountId: string): Promise<void> {
    if (!this.activationStateMachineArn) throw new Error('ACTIVATION_STATE_MACHINE_ARN is not set for this function');
    await this.start(this.activationStateMachineArn, `activation-${accountId}`, { accountId });
  }
}

export class StepFunctionsTaskCallbacks implements TaskCallbacks {
  constructor(private readonly client: SFNClient) {}

  async succeed(taskToken: string, output: Record<string, unknown>): Promise<'resumed' | 'gone'> {
    try {
      await this.client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
      return 'resumed';
    } catch (error) {
      if (error instanceof Error && GONE.has(error.name)) return 'gone';
      throw error;
    }
  }
}
