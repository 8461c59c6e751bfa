import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { stateMachineLogs } from './logs';
import { STEP_RETRY } from './retry';
import { DAY, HOUR, RULES } from '#domain/rules';

export interface RcamEnrollmentProps {
  /** The function that runs every step but the letter (functions/workflow/rcam-step.ts), told which by `step`. */
  rcamStep: IFunction;
  /** The function that prints the letter (functions/workflow/prepare-letter.ts): the only one with pdf-lib and the fonts. */
  prepareLetter: IFunction;
  logging?: boolean;
}

export const RCAM_STATES = {
  awaitReview: 'AwaitReview',
  reviewExpired: 'ReviewExpired',
  isApproved: 'IsApproved',
  rejected: 'Rejected',
  prepareLetter: 'PrepareLetter',
  awaitDispatch: 'AwaitDispatch',
  awaitDelivery: 'AwaitDelivery',
  undelivered: 'Undelivered',
  alreadyRedeemed: 'AlreadyRedeemed',
  awaitRedemption: 'AwaitRedemption',
  codeExpired: 'CodeExpired',
  waitForRcam: 'WaitForRcam',
  activateRcam: 'ActivateRcam',
  waitForMyIntracomm: 'WaitForMyIntracomm',
  complete: 'Complete',
  cleanUpAfterFailure: 'CleanUpAfterFailure',
  failed: 'Failed',
} as const;

/** The longest the code's window can be: a calendar month is at most 31 days, and the window may gain the hour winter time gives back. */
export const MAX_CODE_WINDOW_SECONDS = RULES.rcamCodeWindowMonths * 31 * DAY + HOUR;

/**
 * RCAM enrolment (Standard), one execution per request: PMO review (task token, 30 days),
 * the letter, its dispatch (14 days) and delivery (30 days, or a redemption proves it), the
 * 6-month window, then RCAM at the next Brussels midnight and My Intracomm 48 hours after.
 */
export class RcamEnrollment extends Construct {
  readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: RcamEnrollmentProps) {
    super(scope, id);
    const requestId = sfn.JsonPath.stringAt('$.requestId');
    // `resultPath`: where a task's result goes, a JSONPath or sfn.JsonPath.DISCARD (itself a string).
    const task = (name: string, payload: Record<string, unknown>, resultPath: string, lambdaFunction = props.rcamStep) => {
      const invoke = new LambdaInvoke(this, name, {
        // Lambda's own failures (throttling, a service outage) follow STEP_RETRY too, not CDK's 6 quick tries.
        retryOnServiceExceptions: false,
        lambdaFunction,
        payload: sfn.TaskInput.fromObject(payload),
        payloadResponseOnly: true,
        resultPath,
      });
      invoke.addRetry(STEP_RETRY);
      return invoke;
    };
    // Whatever fails for good, the workflow still ends by deleting the letter's PDF (the code in clear).
    const failed = task(RCAM_STATES.cleanUpAfterFailure, { step: 'failed', requestId }, sfn.JsonPath.DISCARD).next(
      new sfn.Fail(this, RCAM_STATES.failed, { error: 'RcamStepFailed', cause: 'A step of the RCAM enrolment failed after its retries.' }),
    );
    const step = (name: string, payload: Record<string, unknown>, resultPath = sfn.JsonPath.DISCARD, lambdaFunction = props.rcamStep) =>
      task(name, payload, resultPath, lambdaFunction).addCatch(failed, { errors: ['States.ALL'], resultPath: '$.failure' });
    const waitFor = (name: string, payload: Record<string, unknown>, timeout: sfn.Timeout, resultPath: string, onTimeout: sfn.IChainable) => {
      const waiting = new LambdaInvoke(this, name, {
        // Lambda's own failures (throttling, a service outage) follow STEP_RETRY too, not CDK's 6 quick tries.
        retryOnServiceExceptions: false,
        lambdaFunction: props.rcamStep,
        integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
        payload: sfn.TaskInput.fromObject({ ...payload, taskToken: sfn.JsonPath.taskToken }),
        taskTimeout: timeout,
        resultPath,
      });
      waiting.addRetry(STEP_RETRY);
      waiting.addCatch(onTimeout, { errors: ['States.Timeout'], resultPath: '$.timeout' });
      waiting.addCatch(failed, { errors: ['States.ALL'], resultPath: '$.failure' });
      return waiting;
    };
    const seconds = (value: number) => sfn.Timeout.duration(Duration.seconds(value));

    const reviewExpired = step(RCAM_STATES.reviewExpired, { step: 'reviewExpired', requestId });
    const undelivered = step(RCAM_STATES.undelivered, { step: 'undelivered', requestId });
    const codeExpired = step(RCAM_STATES.codeExpired, { step: 'codeExpired', requestId });
    const rejected = step(RCAM_STATES.rejected, { step: 'rejected', requestId, reason: sfn.JsonPath.stringAt('$.review.reason') });

    const grants = new sfn.Wait(this, RCAM_STATES.waitForRcam, { time: sfn.WaitTime.timestampPath('$.progress.rcamAvailableAt') })
      .next(step(RCAM_STATES.activateRcam, { step: 'rcamActive', requestId }))
      .next(new sfn.Wait(this, RCAM_STATES.waitForMyIntracomm, { time: sfn.WaitTime.timestampPath('$.progress.myIntracommAvailableAt') }))
      .next(step(RCAM_STATES.complete, { step: 'complete', requestId }));

    const awaitRedemption = waitFor(
      RCAM_STATES.awaitRedemption,
      { step: 'awaitRedemption', requestId },
      sfn.Timeout.at('$.progress.windowSeconds'),
      '$.progress',
      codeExpired,
    ).next(grants);

    const definition = waitFor(
      RCAM_STATES.awaitReview,
      { step: 'awaitReview', requestId },
      seconds(RULES.pmoReviewTimeoutSeconds),
      '$.review',
      reviewExpired,
    ).next(
      new sfn.Choice(this, RCAM_STATES.isApproved)
        .when(
          sfn.Condition.stringEquals('$.review.decision', 'approve'),
          step(
            RCAM_STATES.prepareLetter,
            { step: 'prepareLetter', requestId, postalAddress: sfn.JsonPath.objectAt('$.review.postalAddress') },
            '$.letter',
            props.prepareLetter,
          )
            .next(
              waitFor(
                RCAM_STATES.awaitDispatch,
                { step: 'awaitDispatch', requestId, letterId: sfn.JsonPath.stringAt('$.letter.letterId') },
                seconds(RULES.letterDispatchTimeoutSeconds),
                '$.dispatch',
                undelivered,
              ),
            )
            .next(
              waitFor(RCAM_STATES.awaitDelivery, { step: 'awaitDelivery', requestId }, seconds(RULES.letterDeliveryTimeoutSeconds), '$.progress', undelivered),
            )
            .next(
              new sfn.Choice(this, RCAM_STATES.alreadyRedeemed)
                .when(sfn.Condition.booleanEquals('$.progress.redeemed', true), grants)
                .otherwise(awaitRedemption),
            ),
        )
        .otherwise(rejected),
    );

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      // Under Step Functions' one-year limit whatever happens (a test adds the timeouts up).
      timeout: Duration.days(300),
      tracingEnabled: true,
      logs: stateMachineLogs(this, props.logging !== false),
    });
  }
}
