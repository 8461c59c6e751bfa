import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { stateMachineLogs } from './logs';
import { STEP_RETRY } from './retry';
import { DAY, RULES } from '#domain/rules';

export interface AccountActivationProps {
  /** The task that emails the password link and leaves the workflow waiting on its task token. */
  sendActivationLink: IFunction;
  /** Off for the local runtime, which only needs the definition. */
  logging?: boolean;
}

/** State names: the local runner maps tasks by these, and tests read them. */
export const ACTIVATION_STATES = {
  waitBeforeEmail: 'WaitBeforeEmail',
  sendPasswordLink: 'SendPasswordLink',
  activated: 'Activated',
  linkExpired: 'LinkExpired',
} as const;

/**
 * Account activation (Standard): wait 15 minutes, email a link valid 24 hours, wait for the
 * password to be set. If 24 hours pass first, the task times out and the link is dead; the
 * person can ask for a new link ("lost password"), which needs no workflow.
 */
export class AccountActivation extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly definition: sfn.IChainable;

  constructor(scope: Construct, id: string, props: AccountActivationProps) {
    super(scope, id);
    const waitBeforeEmail = new sfn.Wait(this, ACTIVATION_STATES.waitBeforeEmail, {
      time: sfn.WaitTime.duration(Duration.seconds(RULES.activationEmailDelaySeconds)),
    });
    const sendPasswordLink = new LambdaInvoke(this, ACTIVATION_STATES.sendPasswordLink, {
      // Lambda's own failures (throttling, a service outage) follow STEP_RETRY too, not CDK's 6 quick tries.
      retryOnServiceExceptions: false,
      lambdaFunction: props.sendActivationLink,
      integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      payload: sfn.TaskInput.fromObject({ accountId: sfn.JsonPath.stringAt('$.accountId'), taskToken: sfn.JsonPath.taskToken }),
      taskTimeout: sfn.Timeout.duration(Duration.seconds(RULES.passwordLinkLifetimeSeconds)),
      resultPath: '$.activation',
    });
    // A throttled or failing mail service must not lose the person's link: try again, patiently.
    sendPasswordLink.addRetry(STEP_RETRY);
    sendPasswordLink.addCatch(new sfn.Succeed(this, ACTIVATION_STATES.linkExpired, { comment: 'The 24 hours ran out; the link is dead.' }), {
      errors: ['States.Timeout'],
      resultPath: '$.timeout',
    });
    this.definition = waitBeforeEmail.next(sendPasswordLink).next(new sfn.Succeed(this, ACTIVATION_STATES.activated));

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(this.definition),
      // The wait, at most the link's lifetime of waiting, and a day for the email step's retries (minutes) bound it.
      timeout: Duration.seconds(RULES.activationEmailDelaySeconds + RULES.passwordLinkLifetimeSeconds + DAY),
      tracingEnabled: true,
      logs: stateMachineLogs(this, props.logging !== false),
    });
  }
}
