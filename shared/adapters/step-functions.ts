import { SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { TaskCallbacks, Workflows } from '#domain/ports';

/** Errors that mean the task is no longer waiting: it timed out, or its execution ended. */
const GONE = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

export const sfnClient = (endpoint?: string): SFNClient =>
  new SFNClient(
    endpoint
      ? { endpoint, region: process.env.AWS_REGION ?? 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {},
  );

export class StepFunctionsWorkflows implements Workflows {
  constructor(
    private readonly client: SFNClient,
    private readonly activationStateMachineArn: string | undefined,
  ) {}

  async startAccountActivation(accountId: string): Promise<void> {
    if (!this.activationStateMachineArn) throw new Error('ACTIVATION_STATE_MACHINE_ARN is not set for this function');
    try {
      // Named after the account, so that a retried start cannot run a second activation.
      await this.client.send(
        new StartExecutionCommand({ stateMachineArn: this.activationStateMachineArn, name: `activation-${accountId}`, input: JSON.stringify({ accountId }) }),
      );
    } catch (error) {
      if (!(error instanceof Error && error.name === 'ExecutionAlreadyExists')) throw error;
    }
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
