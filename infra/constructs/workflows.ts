import { Duration } from 'aws-cdk-lib';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction as LambdaTarget } from 'aws-cdk-lib/aws-events-targets';
import { Construct } from 'constructs';
import { acknowledgeTaskInvocation } from '../nag';
import { WORKFLOW_TASKS } from '../../functions/routes';
import { AccountActivation } from '../../state-machines/account-activation';
import { RcamEnrollment } from '../../state-machines/rcam-enrollment';
import { SecondFactorReset } from '../../state-machines/second-factor-reset';
import { PasserelleFunction } from './function';

export interface WorkflowsProps {
  environment: Record<string, string>;
}

/** The Step Functions workflows and the functions their tasks call. */
export class Workflows extends Construct {
  readonly activation: AccountActivation;
  readonly sendActivationLink: PasserelleFunction;
  readonly rcam: RcamEnrollment;
  readonly rcamStep: PasserelleFunction;
  readonly prepareLetter: PasserelleFunction;
  readonly factorReset: SecondFactorReset;
  readonly completeFactorReset: PasserelleFunction;
  /** Records executions that ended badly in the PMO's "to handle" list. */
  readonly recordStuckExecution: PasserelleFunction;
  readonly stuckExecutions: Rule;

  /** The task functions and the state machines, by name, for alarms. */
  get functions() {
    return [this.sendActivationLink, this.rcamStep, this.prepareLetter, this.completeFactorReset, this.recordStuckExecution].map(({ node, fn }) => ({
      name: node.id,
      fn,
    }));
  }

  get stateMachines() {
    return [this.activation, this.rcam, this.factorReset].map(({ node, stateMachine }) => ({ name: node.id, stateMachine }));
  }

  constructor(scope: Construct, id: string, props: WorkflowsProps) {
    super(scope, id);
    const task = WORKFLOW_TASKS.sendActivationLink;
    this.sendActivationLink = new PasserelleFunction(this, task.name, { entry: task.entry, environment: props.environment, access: task.access });
    this.activation = new AccountActivation(this, 'AccountActivation', { sendActivationLink: this.sendActivationLink.fn });
    acknowledgeTaskInvocation(this.activation.stateMachine.role, this.sendActivationLink.fn);
    const rcamTask = WORKFLOW_TASKS.rcamStep;
    this.rcamStep = new PasserelleFunction(this, rcamTask.name, { entry: rcamTask.entry, environment: props.environment, access: rcamTask.access });
    const letterTask = WORKFLOW_TASKS.prepareLetter;
    this.prepareLetter = new PasserelleFunction(this, letterTask.name, {
      entry: letterTask.entry,
      environment: props.environment,
      shipFiles: letterTask.shipFiles,
      access: letterTask.access,
    });
    this.rcam = new RcamEnrollment(this, 'RcamEnrollment', { rcamStep: this.rcamStep.fn, prepareLetter: this.prepareLetter.fn });
    acknowledgeTaskInvocation(this.rcam.stateMachine.role, this.rcamStep.fn);
    acknowledgeTaskInvocation(this.rcam.stateMachine.role, this.prepareLetter.fn);
    const resetTask = WORKFLOW_TASKS.completeFactorReset;
    this.completeFactorReset = new PasserelleFunction(this, resetTask.name, {
      entry: resetTask.entry,
      environment: props.environment,
      access: resetTask.access,
    });
    this.factorReset = new SecondFactorReset(this, 'SecondFactorReset', { completeFactorReset: this.completeFactorReset.fn });
    acknowledgeTaskInvocation(this.factorReset.stateMachine.role, this.completeFactorReset.fn);

    // Item 6 of the operations issue: an execution that failed, timed out or was aborted becomes a case for the PMO.
    const recordTask = WORKFLOW_TASKS.recordStuckExecution;
    this.recordStuckExecution = new PasserelleFunction(this, recordTask.name, {
      entry: recordTask.entry,
      environment: props.environment,
      access: recordTask.access,
    });
    this.stuckExecutions = new Rule(this, 'StuckExecutions', {
      description: 'Passerelle: workflow executions that ended FAILED, TIMED_OUT or ABORTED, to the PMO "to handle" list',
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: {
          status: ['FAILED', 'TIMED_OUT', 'ABORTED'],
          stateMachineArn: this.stateMachines.map(({ stateMachine }) => stateMachine.stateMachineArn),
        },
      },
      // EventBridge's own retries (24 hours, backoff) ride out a table outage: the case is recorded once it is back.
      targets: [new LambdaTarget(this.recordStuckExecution.fn, { retryAttempts: 185, maxEventAge: Duration.hours(24) })],
    });
  }
}
