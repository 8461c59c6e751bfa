import { Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** Each cdk-nag finding we accept, with why. Anything not listed here fails `cdk synth` and the tests. */
export const NAG_ACKNOWLEDGEMENTS: ReadonlyArray<{ id: string; reason: string }> = [
  {
    id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
    reason:
      'X-Ray tracing (xray:PutTraceSegments, PutTelemetryRecords, GetSampling*), Step Functions log delivery (logs:*LogDelivery*, ' +
      'PutResourcePolicy, Describe*) and SMS to a phone number (sns:Publish, with every topic ARN denied) have no resource-level ' +
      'permissions; every other grant is scoped to one table, identity, log group or state machine (a test enforces it).',
  },
  {
    id: 'AwsSolutions::AwsSolutions-APIG4',
    reason:
      'The enrolment routes are anonymous by design (create an account, set a password from an emailed link); routes that need a ' +
      'person authenticate the HttpOnly session cookie inside the function, which API Gateway authorizers cannot read as securely.',
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

/** What cdk-nag finds in the web hosting that is accepted, and why. */
export const acknowledgeWebFindings = (web: IConstruct, site: IConstruct, customDomain: boolean, waf: boolean): void => {
  const stack = Stack.of(web);
  const acknowledge = (scope: IConstruct, id: string, reason: string) => Validations.of(scope).acknowledge({ id, reason });
  acknowledge(web, 'AwsSolutions::AwsSolutions-CFR1', 'No geo restriction: the service is for retired staff, who live all over the world.');
  if (!waf) {
    acknowledge(
      web,
      'AwsSolutions::AwsSolutions-CFR2',
      'A CloudFront web ACL must live in us-east-1: pass -c webAclArn=... to attach one. Meanwhile the API is throttled and every ' +
        'sensitive action has its own limit (CAPTCHA, SMS, codes, sign-in lock).',
    );
  }
  if (!customDomain) {
    acknowledge(
      web,
      'AwsSolutions::AwsSolutions-CFR4',
      'The default *.cloudfront.net certificate cannot be restricted to TLS 1.2; with -c domainName=... -c certificateArn=... ' +
        'the distribution requires TLS 1.2 (2021 policy).',
    );
  }
  // BucketDeployment's own singleton function (CDK-managed) copies web/ to the bucket at deploy time.
  const siteId = stack.getLogicalId(site.node.defaultChild as CfnElement);
  const deployment = 'CDK BucketDeployment: the CDK-managed function that copies web/ into the site bucket at deploy time';
  acknowledge(stack, 'AwsSolutions::AwsSolutions-L1', `${deployment} runs on the runtime CDK chooses for it.`);
  acknowledge(
    stack,
    'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    `${deployment} uses CDK's standard execution role.`,
  );
  for (const action of ['s3:Abort*', 's3:DeleteObject*', 's3:GetBucket*', 's3:GetObject*', 's3:List*']) {
    acknowledge(stack, `AwsSolutions::AwsSolutions-IAM5[Action::${action}]`, `${deployment}: CDK's grant on the asset and site buckets only.`);
  }
  acknowledge(stack, `AwsSolutions::AwsSolutions-IAM5[Resource::<${siteId}.Arn>/*]`, `${deployment} writes the objects of the site bucket.`);
  acknowledge(
    stack,
    `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-${stack.region}/*]`,
    `${deployment} reads the web/ asset from the CDK bootstrap bucket.`,
  );
};
