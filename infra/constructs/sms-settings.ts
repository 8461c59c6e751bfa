import { RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

export interface SmsSettingsProps {
  /** The account's monthly SMS spend limit, in USD: SNS stops sending when it is reached. */
  monthlySpendLimit: number;
}

/**
 * The account's SMS settings, which CloudFormation has no resource for: transactional (one-time
 * codes get the more reliable routes, and are sent at quiet hours) and a monthly spend cap.
 * AwsCustomResource calls sns:SetSMSAttributes at each deploy whose values changed.
 */
export class SmsSettings extends Construct {
  constructor(scope: Construct, id: string, props: SmsSettingsProps) {
    super(scope, id);
    // Our own role and log group rather than CDK's AWSLambdaBasicExecutionRole: it writes to its log group and nowhere else.
    const logGroup = new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
    const role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);
    const call = {
      service: 'SNS',
      action: 'setSMSAttributes',
      parameters: { attributes: { DefaultSMSType: 'Transactional', MonthlySpendLimit: String(props.monthlySpendLimit) } },
      physicalResourceId: PhysicalResourceId.of('sms-attributes'),
    };
    new AwsCustomResource(this, 'Attributes', {
      onCreate: call,
      onUpdate: call,
      // Account settings have no ARN: SetSMSAttributes is granted on "*" (acknowledged in infra/nag.ts), and only it.
      policy: AwsCustomResourcePolicy.fromStatements([new PolicyStatement({ actions: ['sns:SetSMSAttributes'], resources: ['*'] })]),
      role,
      logGroup,
      // Offline synth and a pinned SDK: the runtime's own SDK v3 has SetSMSAttributes.
      installLatestAwsSdk: false,
    });
  }
}
