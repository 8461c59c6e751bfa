import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Key } from 'aws-cdk-lib/aws-kms';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import { restrictGrantsToAwsServices } from './constructs/encryption';
import { AlarmTopic } from './constructs/observability';
import { EDGE_RATE_LIMITS, pathsOf } from './limits';

export interface EdgeStackProps extends StackProps {
  alarmEmail?: string;
  /** Blocked requests in 5 minutes above which someone is told. */
  blockedRequestsAlarm?: number;
}

const AWS_MANAGED_RULE_GROUPS = ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesAmazonIpReputationList'];

/**
 * What CloudFront needs in us-east-1, deployed by the same `cdk deploy`: the web ACL (AWS managed
 * rules, and per-IP rate limits on the routes an attacker hammers) and the alarm on its blocks
 * (an alarm lives in its metric's region, so it has its own alarm topic here).
 */
export class EdgeStack extends Stack {
  readonly webAcl: CfnWebACL;
  readonly webAclName: string;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    this.webAclName = `${this.stackName}-web-acl`;
    const visibility = (metricName: string) => ({ cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName });
    const managed: CfnWebACL.RuleProperty[] = AWS_MANAGED_RULE_GROUPS.map((name, priority) => ({
      name,
      priority,
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
      overrideAction: { none: {} },
      visibilityConfig: visibility(name),
    }));
    const rateLimited: CfnWebACL.RuleProperty[] = EDGE_RATE_LIMITS.map(({ name, routes, limit }, index) => {
      const paths = pathsOf(routes).map((path) => ({
        byteMatchStatement: {
          fieldToMatch: { uriPath: {} },
          positionalConstraint: 'EXACTLY',
          searchString: path,
          textTransformations: [{ priority: 0, type: 'NONE' }],
        },
      }));
      return {
        name: `RateLimit${name}`,
        priority: AWS_MANAGED_RULE_GROUPS.length + index,
        statement: {
          rateBasedStatement: {
            limit,
            evaluationWindowSec: 300,
            aggregateKeyType: 'IP',
            scopeDownStatement: paths.length === 1 ? paths[0] : { orStatement: { statements: paths } },
          },
        },
        // The API's own refusal for too many requests; a body would need a custom response body per language.
        action: { block: { customResponse: { responseCode: 429 } } },
        visibilityConfig: visibility(`RateLimit${name}`),
      };
    });
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name: this.webAclName,
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      rules: [...managed, ...rateLimited],
      visibilityConfig: visibility('Passerelle'),
    });
    const key = new Key(this, 'Key', { enableKeyRotation: true, description: 'Passerelle edge: the alarm topic' });
    restrictGrantsToAwsServices(key);
    const alarms = new AlarmTopic(this, 'Alarms', { key, alarmEmail: props.alarmEmail });
    const blocked = new Alarm(this, 'BlockedRequests', {
      metric: new Metric({
        namespace: 'AWS/WAFV2',
        metricName: 'BlockedRequests',
        dimensionsMap: { WebACL: this.webAclName, Rule: 'ALL' },
        statistic: 'Sum',
        period: Duration.minutes(5),
      }),
      threshold: props.blockedRequestsAlarm ?? 500,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: 'A spike of requests blocked at the edge (WAF): an attack, or a rule blocking real people (see the sampled requests).',
    });
    blocked.addAlarmAction(alarms.action);
    blocked.addOkAction(alarms.action);
  }
}
