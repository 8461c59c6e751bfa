import { rmSync } from 'node:fs';
import { App, Stack } from 'aws-cdk-lib';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { CfnStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { WORKFLOW_TASKS } from '../functions/routes';
import { AccountActivation } from '../state-machines/account-activation';
import { RcamEnrollment } from '../state-machines/rcam-enrollment';
import { SecondFactorReset } from '../state-machines/second-factor-reset';
import type { AslDefinition } from './step-functions';

export const LOCAL_REGION = 'eu-west-1';
export const LOCAL_ACCOUNT = '000000000000';
export const localFunctionArn = (name: string) => `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${name}`;
export const localStateMachineArn = (name: string) => `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${name}`;

export type CfnValue = string | { 'Fn::Join'?: [string, CfnValue[]]; Ref?: string; 'Fn::GetAtt'?: [string, string] } | CfnValue[];

/**
 * Resolves the few intrinsics a definition string holds: Fn::Join, pseudo parameters, and (for
 * templates whose functions are real resources) Fn::GetAtt through `getAtt`.
 */
export const evaluate = (value: CfnValue, getAtt?: (logicalId: string, attribute: string) => string): string => {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((v) => evaluate(v, getAtt)).join('');
  if (value['Fn::Join']) return value['Fn::Join'][1].map((v) => evaluate(v, getAtt)).join(value['Fn::Join'][0]);
  if (value['Fn::GetAtt'] && getAtt) return getAtt(...value['Fn::GetAtt']);
  const pseudo: Record<string, string> = {
    'AWS::Partition': 'aws',
    'AWS::Region': LOCAL_REGION,
    'AWS::AccountId': LOCAL_ACCOUNT,
    'AWS::URLSuffix': 'amazonaws.com',
  };
  if (value.Ref && pseudo[value.Ref]) return pseudo[value.Ref];
  throw new Error(`Cannot resolve ${JSON.stringify(value)} locally`);
};

/** The ASL of a state machine construct, exactly as CloudFormation would receive it. */
export const aslOf = (stack: Stack, stateMachine: { node: { defaultChild?: unknown } }): AslDefinition =>
  JSON.parse(evaluate(stack.resolve((stateMachine.node.defaultChild as CfnStateMachine).definitionString) as CfnValue)) as AslDefinition;

/** The state machines' ASL from the same constructs that `cdk deploy` uses, their tasks pointing at local function ARNs. */
export const synthesizeWorkflows = (): { activation: AslDefinition; rcam: AslDefinition; factorReset: AslDefinition } => {
  const app = new App();
  const stack = new Stack(app, 'Local');
  const task = (name: string) => LambdaFunction.fromFunctionArn(stack, name, localFunctionArn(name));
  const activation = new AccountActivation(stack, 'AccountActivation', { sendActivationLink: task(WORKFLOW_TASKS.sendActivationLink.name), logging: false });
  const rcam = new RcamEnrollment(stack, 'RcamEnrollment', {
    rcamStep: task(WORKFLOW_TASKS.rcamStep.name),
    prepareLetter: task(WORKFLOW_TASKS.prepareLetter.name),
    logging: false,
  });
  const factorReset = new SecondFactorReset(stack, 'SecondFactorReset', { completeFactorReset: task(WORKFLOW_TASKS.completeFactorReset.name), logging: false });
  const definitions = {
    activation: aslOf(stack, activation.stateMachine),
    rcam: aslOf(stack, rcam.stateMachine),
    factorReset: aslOf(stack, factorReset.stateMachine),
  };
  // An App makes its output directory when it is made; nothing is written to it here.
  rmSync(app.outdir, { recursive: true, force: true });
  return definitions;
};
