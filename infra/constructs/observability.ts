import { Duration, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Operation, type ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { FilterPattern, MetricFilter, type ILogGroup } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { FUNNEL_NAMESPACE, FUNNEL_STEPS } from '../../shared/domain/funnel';

/** Thresholds of the alarms, in one place (README, "Reading the alarms"). */
export const ALARM_THRESHOLDS = {
  /** Share of API requests answered 5xx over 5 minutes, once there are at least 20. */
  api5xxPercent: 1,
  apiP99LatencyMs: 3000,
  /** SES pauses an account's sending around 10% bounces and 0.5% complaints: warn well before. */
  sesBounceRate: 0.05,
  sesComplaintRate: 0.001,
  /** Share of the monthly SMS spend limit. */
  smsSpendShare: 0.8,
} as const;

export interface AlarmTopicProps {
  key: IKey;
  /** Where alarms are emailed; none, no subscription (subscribe by hand). */
  alarmEmail?: string;
}

/** An encrypted SNS topic for alarms, that CloudWatch may publish to, with an email subscription. */
export class AlarmTopic extends Construct {
  readonly topic: Topic;
  readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', { displayName: 'Passerelle alarms', masterKey: props.key, enforceSSL: true });
    // CloudWatch encrypts what it publishes: it needs the key (and cannot use the AWS-managed aws/sns one).
    props.key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    this.action = new SnsAction(this.topic);
  }
}

export interface ObservabilityProps {
  key: IKey;
  alarmEmail?: string;
  api: HttpApi;
  /** Every function of the service, by a readable name. */
  functions: ReadonlyArray<{ name: string; fn: IFunction }>;
  stateMachines: ReadonlyArray<{ name: string; stateMachine: IStateMachine }>;
  /** The log group of the function that records stuck cases (functions/workflow/record-stuck-execution.ts). */
  stuckCaseLogs: ILogGroup;
  table: ITableV2;
  /** The monthly SMS spend limit (USD): the alarm fires at 80% of it. */
  smsMonthlySpendLimit: number;
  /** The edge's web ACL (us-east-1), shown on the dashboard; its own alarm lives in the edge stack. */
  webAcl?: { name: string; region: string };
}

const FIVE_MINUTES = Duration.minutes(5);
/** CloudWatch's limit on the metrics of one alarm. */
const METRICS_PER_ALARM = 10;

/**
 * Alarms on everything that can go wrong without anyone calling: the API, every function, every
 * workflow, the table, mail reputation and SMS spend; and one dashboard with them and the funnel.
 */
export class Observability extends Construct {
  readonly alarms: Alarm[] = [];
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const alarmTopic = new AlarmTopic(this, 'Alarms', { key: props.key, alarmEmail: props.alarmEmail });
    this.topic = alarmTopic.topic;
    const alarm = (alarmId: string, metric: IMetric, threshold: number, description: string, operator = ComparisonOperator.GREATER_THAN_THRESHOLD) => {
      const created = new Alarm(this, alarmId, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: operator,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      created.addAlarmAction(alarmTopic.action);
      created.addOkAction(alarmTopic.action);
      this.alarms.push(created);
      return created;
    };

    // The API: its 5xx share (quiet hours with a handful of requests do not count) and its p99.
    const api5xxRate = new MathExpression({
      expression: 'IF(requests >= 20, 100 * errors / requests, 0)',
      usingMetrics: {
        errors: props.api.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' }),
        requests: props.api.metricCount({ period: FIVE_MINUTES, statistic: 'Sum' }),
      },
      label: 'API 5xx (%)',
      period: FIVE_MINUTES,
    });
    alarm('Api5xxRate', api5xxRate, ALARM_THRESHOLDS.api5xxPercent, 'More than 1% of API requests failed with 5xx over 5 minutes.');
    const apiLatency = props.api.metricLatency({ period: FIVE_MINUTES, statistic: 'p99' });
    alarm('ApiP99Latency', apiLatency, ALARM_THRESHOLDS.apiP99LatencyMs, 'API p99 latency over 3 s for 5 minutes.');

    // Every function's errors and throttles, ten functions to an alarm (the most one alarm's expression
    // may hold): one alarm each would be 110 of the stack's 500 resources. The alarm names its functions,
    // and its graph, like the dashboard's, shows which one it was.
    for (let first = 0; first < props.functions.length; first += METRICS_PER_ALARM) {
      const group = props.functions.slice(first, first + METRICS_PER_ALARM);
      const names = group.map(({ name }) => name).join(', ');
      const metricProps = (label: string) => ({ label, period: FIVE_MINUTES, statistic: 'Sum' });
      const summed = (kind: 'errors' | 'throttles') =>
        new MathExpression({
          expression: `SUM([${group.map((_, i) => `FILL(m${i}, 0)`).join(', ')}])`,
          usingMetrics: Object.fromEntries(
            group.map(({ name, fn }, i) => [`m${i}`, kind === 'errors' ? fn.metricErrors(metricProps(name)) : fn.metricThrottles(metricProps(name))]),
          ),
          label: `${kind} of ${names}`,
          period: FIVE_MINUTES,
        });
      const number = first / METRICS_PER_ALARM + 1;
      alarm(`FunctionErrors${number}`, summed('errors'), 0, `A function error (an unhandled exception or a timeout) in one of: ${names}.`);
      alarm(`FunctionThrottles${number}`, summed('throttles'), 0, `A function throttled (its reserved concurrency reached) among: ${names}.`);
    }

    for (const { name, stateMachine } of props.stateMachines) {
      const outcomes = {
        Failed: stateMachine.metricFailed({ period: FIVE_MINUTES, statistic: 'Sum' }),
        TimedOut: stateMachine.metricTimedOut({ period: FIVE_MINUTES, statistic: 'Sum' }),
        Aborted: stateMachine.metricAborted({ period: FIVE_MINUTES, statistic: 'Sum' }),
      };
      for (const [outcome, metric] of Object.entries(outcomes)) {
        alarm(`${name}Executions${outcome}`, metric, 0, `${name}: an execution ${outcome.toLowerCase()} (see its execution history).`);
      }
    }

    // A case in the PMO's "to handle" list: a workflow ran out of retries, timed out or was aborted, and someone must act.
    const stuckCases = new MetricFilter(this, 'StuckCaseRecorded', {
      logGroup: props.stuckCaseLogs,
      metricNamespace: 'Passerelle',
      metricName: 'StuckCases',
      filterPattern: FilterPattern.stringValue('$.message', '=', 'Stuck case recorded'),
      metricValue: '1',
      defaultValue: 0,
    }).metric({ period: FIVE_MINUTES, statistic: 'Sum' });
    alarm('StuckCases', stuckCases, 0, 'A workflow case landed in the PMO "to handle" list (/pmo): retry or close it there.');

    // The operations shared/adapters/dynamo makes (an alarm's expression may hold 10 metrics at most).
    const operations = [Operation.GET_ITEM, Operation.PUT_ITEM, Operation.UPDATE_ITEM, Operation.DELETE_ITEM, Operation.QUERY, Operation.TRANSACT_WRITE_ITEMS];
    const tableThrottles = props.table.metricThrottledRequestsForOperations({ operations, period: FIVE_MINUTES });
    alarm('TableThrottles', tableThrottles, 0, 'DynamoDB throttled requests on the table.');
    const tableSystemErrors = props.table.metricSystemErrorsForOperations({ operations, period: FIVE_MINUTES });
    alarm('TableSystemErrors', tableSystemErrors, 0, 'DynamoDB system errors (500) on the table.');

    // Account-wide SES reputation: SES reviews, then pauses, accounts whose rates stay high.
    const sesMetric = (metricName: string) => new Metric({ namespace: 'AWS/SES', metricName, period: Duration.hours(1), statistic: 'Maximum' });
    const bounceRate = sesMetric('Reputation.BounceRate');
    const complaintRate = sesMetric('Reputation.ComplaintRate');
    alarm('SesBounceRate', bounceRate, ALARM_THRESHOLDS.sesBounceRate, 'SES bounce rate above 5% (SES reviews the account at 5%, may pause it at 10%).');
    alarm('SesComplaintRate', complaintRate, ALARM_THRESHOLDS.sesComplaintRate, 'SES complaint rate above 0.1% (SES may pause the account at 0.5%).');

    const smsSpend = new Metric({ namespace: 'AWS/SNS', metricName: 'SMSMonthToDateSpentUSD', period: Duration.hours(1), statistic: 'Maximum' });
    alarm(
      'SmsSpend',
      smsSpend,
      props.smsMonthlySpendLimit * ALARM_THRESHOLDS.smsSpendShare,
      `SMS spend this month above 80% of the ${props.smsMonthlySpendLimit} USD limit: at the limit, SNS stops sending and sign-in by SMS stops.`,
    );

    const dashboard = new Dashboard(this, 'Dashboard', { dashboardName: `${Stack.of(this).stackName}-service` });
    const funnel = FUNNEL_STEPS.map(
      (step) =>
        new Metric({ namespace: FUNNEL_NAMESPACE, metricName: step, dimensionsMap: { service: 'passerelle' }, statistic: 'Sum', period: Duration.days(1) }),
    );
    const graph = (title: string, left: IMetric[], width = 8) => new GraphWidget({ title, left, width, height: 6 });
    dashboard.addWidgets(
      new TextWidget({ markdown: '# Passerelle\nAlarms in red first; the journey below. README, "Reading the alarms".', width: 24, height: 2 }),
    );
    dashboard.addWidgets(new AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24, height: 6 }));
    dashboard.addWidgets(new GraphWidget({ title: 'The journey, per day', left: funnel, width: 24, height: 6, stacked: false }));
    dashboard.addWidgets(
      graph('API: requests and 5xx (%)', [props.api.metricCount({ period: FIVE_MINUTES }), api5xxRate]),
      graph('API: p99 latency (ms)', [apiLatency]),
      graph(
        'Functions: errors',
        props.functions.map(({ name, fn }) => fn.metricErrors({ label: name, period: FIVE_MINUTES })),
      ),
    );
    dashboard.addWidgets(
      graph(
        'Workflows: failed, timed out, aborted',
        props.stateMachines.flatMap(({ name, stateMachine }) => [
          stateMachine.metricFailed({ label: `${name} failed` }),
          stateMachine.metricTimedOut({ label: `${name} timed out` }),
          stateMachine.metricAborted({ label: `${name} aborted` }),
        ]),
      ),
      graph('Workflows: cases to handle', [stuckCases], 4),
      // One graph each: both expressions name their metrics by operation.
      graph('DynamoDB: throttled requests', [tableThrottles], 4),
      graph('DynamoDB: system errors', [tableSystemErrors], 4),
    );
    const edge = props.webAcl
      ? [
          graph('Edge: requests blocked (WAF)', [
            new Metric({
              namespace: 'AWS/WAFV2',
              metricName: 'BlockedRequests',
              dimensionsMap: { WebACL: props.webAcl.name, Rule: 'ALL' },
              region: props.webAcl.region,
              statistic: 'Sum',
              period: FIVE_MINUTES,
            }),
          ]),
        ]
      : [];
    dashboard.addWidgets(graph('Mail: bounce and complaint rates', [bounceRate, complaintRate]), graph('SMS: spend this month (USD)', [smsSpend]), ...edge);
  }
}
