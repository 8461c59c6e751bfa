import { Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** Each cdk-nag finding we accept, with why. Anything not listed here fails `cdk synth` and the tests. */
export const NAG_ACKNOWLEDGEMENTS: ReadonlyArray<{ id: string; reason: string }> = [
  {
    id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
    reason: 'X-Ray tracing (xray:PutTraceSegments, PutTelemetryRecords, GetSampling*), Step Functions log delivery (logs:*LogDelivery*, PutResourcePolicy, Describe*) and SMS to a phone number (sns:Publish, with every topic ARN denied) have no resource-level permissions; every other grant is scoped to one table, identity, log group or state machine (a test enforces it).',
  },
  {
    id: 'AwsSolutions::AwsSolutions-APIG4',
    reason: 'The enrolment routes are anonymous by design (create an account, set a password from an emailed link); routes that need a person authenticate the HttpOnly session cookie inside the function, which API Gateway authorizers cannot read as securely.',
  },
];

export const acknowledgeNagFindings = (stack: Stack): void => {
  for (const acknowledgement of NAG_ACKNOWLEDGEMENTS) Validations.of(stack).acknowledge(acknowledgement);
};

/** CDK's LambdaInvoke lets the workflow invoke its task function and that function's versions (ARN:*): one function, no wider. */
export const acknowledgeTaskInvocation = (stateMachineRole: IConstruct, taskFunction: IConstruct): void => {
  const logicalId = Stack.of(taskFunction).getLogicalId(taskFunction.node.defaultChild as CfnElement);
  Validations.of(stateMachineRole).acknowledge({
    id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${logicalId}.Arn>:*]`,
    reason: 'lambda:InvokeFunction on the task function and its versions (<fn>:*), as CDK grants it for LambdaInvoke; no other function.',
  });
};

/** Table grants cover the table's indexes (<table>/index/*): the one table has one index, gsi1. */
export const acknowledgeTableIndexes = (stack: Stack, table: IConstruct): void => {
  const logicalId = stack.getLogicalId(table.node.defaultChild as CfnElement);
  Validations.of(stack).acknowledge({
    id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/index/*]`,
    reason: "Read/write grants on the single table include its indexes; it has one (gsi1, the PMO console's lists).",
  });
};
