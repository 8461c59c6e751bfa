import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { stateMachineLogs } from './logs';
import { STEP_RETRY } from './retry';
import { DAY, RULES } from '#domain/rules';

export interface SecondFactorResetProps {
  /** The task that removes the phones and recovery codes unless the reset was cancelled (functions/workflow/complete-factor-reset.ts). */
  completeFactorReset: IFunction;
  /** Off for the local runtime, which only needs the definition. */
  logging?: boolean;
}

/** State names: the local runner maps tasks by these, and tests read them. */
export const FACTOR_RESET_STATES = {
  waitForCancelWindow: 'WaitForCancelWindow',
  removeSecondFactors: 'RemoveSecondFactors',
  done: 'Done',
} as const;

/**
 * "J'ai perdu mon téléphone" (Standard), one execution per reset, named after it: wait until the
 * reset's instant (72 hours after the request, `$.resetAt`), then remove the second factors. A
 * cancel is a flag in DynamoDB that the last step reads: the link works even if Step Functions
 * cannot be reached, and the step decides, once, under a conditional write.
 */
export class SecondFactorReset extends Construct {
  readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: SecondFactorResetProps) {
    super(scope, id);
    const wait = new sfn.Wait(this, FACTOR_RESET_STATES.waitForCancelWindow, { time: sfn.WaitTime.timestampPath('$.resetAt') });
    const remove = new LambdaInvoke(this, FACTOR_RESET_STATES.removeSecondFactors, {
      // Lambda's own failures (throttling, a service outage) follow STEP_RETRY too, not CDK's 6 quick tries.
      retryOnServiceExceptions: false,
      lambdaFunction: props.completeFactorReset,
      payload: sfn.TaskInput.fromObject({ accountId: sfn.JsonPath.stringAt('$.accountId'), resetId: sfn.JsonPath.stringAt('$.resetId') }),
      payloadResponseOnly: true,
      resultPath: '$.result',
    });
    // The step is safe to repeat: a throttled table or mail service must not leave the person stuck.
    remove.addRetry(STEP_RETRY);

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(wait.next(remove).next(new sfn.Succeed(this, FACTOR_RESET_STATES.done))),
      // 72 hours, then retries of one step: a day more bounds it.
      timeout: Duration.seconds(RULES.secondFactorResetDelaySeconds + DAY),
      tracingEnabled: true,
      logs: stateMachineLogs(this, props.logging !== false),
    });
  }
}
