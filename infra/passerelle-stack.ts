import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { EVENT_FUNCTIONS, WORKFLOW_TASKS } from '../functions/routes';
import { ORIGIN_SECRET_ARN_VARIABLE } from '../shared/edge';
import { Api } from './constructs/api';
import { Data } from './constructs/data';
import { Encryption } from './constructs/encryption';
import { Grants } from './constructs/grants';
import { MailEvents } from './constructs/mail-events';
import { Messaging } from './constructs/messaging';
import { Observability } from './constructs/observability';
import { OriginSecret } from './constructs/origin-secret';
import { OidcKeys } from './constructs/oidc-keys';
import { SmsSettings } from './constructs/sms-settings';
import { Web } from './constructs/web';
import { Workflows } from './constructs/workflows';
import { acknowledgeTableIndexes } from './nag';

export interface PasserelleStackProps extends StackProps {
  /**
   * The HTTPS origin people use, e.g. https://passerelle.example.eu: links point there, and POSTs
   * must come from it. Default: https://<domainName>, else the distribution's own address.
   */
  publicOrigin?: string;
  mailFrom: string;
  domainName?: string;
  certificateArn?: string;
  /** The edge's web ACL (us-east-1): the EdgeStack's, or one passed with -c webAclArn. */
  webAclArn?: string;
  /** The web ACL's name and region, for the dashboard. */
  webAcl?: { name: string; region: string };
  /** The Route 53 public hosted zone of the mail domain: given, the stack writes the SES DNS records. */
  hostedZone?: { hostedZoneId: string; zoneName: string };
  dmarcReportEmail?: string;
  alarmEmail?: string;
  /** The account's monthly SMS spend limit, in USD. */
  smsMonthlySpendLimit: number;
  /** The PMO console asks for a session proven by a security key or passkey (context `pmoRequiresWebauthn`). */
  pmoRequiresWebauthn?: boolean;
  /** The national eID providers, JSON (context `eidProviders`); none when unset. */
  eidProviders?: string;
}

/** The whole service: data, messaging, workflows, API, web, alarms. */
export class PasserelleStack extends Stack {
  readonly observability: Observability;

  constructor(scope: Construct, id: string, props: PasserelleStackProps) {
    super(scope, id, props);
    const { key } = new Encryption(this, 'Encryption');
    const data = new Data(this, 'Data');
    acknowledgeTableIndexes(this, data.table);
    const messaging = new Messaging(this, 'Messaging', {
      mailFrom: props.mailFrom,
      hostedZone: props.hostedZone,
      dmarcReportEmail: props.dmarcReportEmail,
    });
    new SmsSettings(this, 'SmsSettings', { monthlySpendLimit: props.smsMonthlySpendLimit });
    const originSecret = new OriginSecret(this, 'OriginSecret');
    const oidcKeys = new OidcKeys(this, 'OidcKeys');
    const api = new Api(this, 'Api');
    const web = new Web(this, 'Web', {
      api: api.httpApi,
      mailFrom: props.mailFrom,
      domainName: props.domainName,
      certificateArn: props.certificateArn,
      webAclArn: props.webAclArn,
      originSecret: originSecret.secret,
    });
    originSecret.rotateWith(web.distribution);
    // One deploy: the distribution depends on the API alone, not on its functions, so they can be told its address.
    const publicOrigin = props.publicOrigin ?? (props.domainName ? `https://${props.domainName}` : `https://${web.distribution.distributionDomainName}`);
    const common = {
      TABLE_NAME: data.table.tableName,
      PUBLIC_ORIGIN: publicOrigin,
      MAIL_FROM: props.mailFrom,
      MAIL_CONFIGURATION_SET: messaging.configurationSet.configurationSetName,
    };
    const workflows = new Workflows(this, 'Workflows', { environment: common });
    const activationStateMachineArn = workflows.activation.stateMachine.stateMachineArn;
    const rcamStateMachineArn = workflows.rcam.stateMachine.stateMachineArn;
    const factorResetStateMachineArn = workflows.factorReset.stateMachine.stateMachineArn;
    const grants = new Grants({
      table: data.table,
      identity: messaging.identity,
      configurationSet: messaging.configurationSet,
      activationStateMachineArn,
      rcamStateMachineArn,
      factorResetStateMachineArn,
      rcamStateMachineName: workflows.rcam.stateMachine.stateMachineName,
      factorResetStateMachineName: workflows.factorReset.stateMachine.stateMachineName,
      factorKeyArn: data.factorKey.keyArn,
      oidcKeysSecretArn: oidcKeys.secret.secretArn,
    });
    grants.apply(workflows.sendActivationLink.fn, WORKFLOW_TASKS.sendActivationLink.access);
    grants.apply(workflows.rcamStep.fn, WORKFLOW_TASKS.rcamStep.access);
    grants.apply(workflows.prepareLetter.fn, WORKFLOW_TASKS.prepareLetter.access);
    grants.apply(workflows.completeFactorReset.fn, WORKFLOW_TASKS.completeFactorReset.access);
    grants.apply(workflows.recordStuckExecution.fn, WORKFLOW_TASKS.recordStuckExecution.access);
    const mailEvents = new MailEvents(this, 'MailEvents', { configurationSet: messaging.configurationSet, key, environment: common });
    grants.apply(mailEvents.handler.fn, EVENT_FUNCTIONS.mailEvents.access);
    api.addRoutes({
      environment: {
        ...common,
        ACTIVATION_STATE_MACHINE_ARN: activationStateMachineArn,
        RCAM_STATE_MACHINE_ARN: rcamStateMachineArn,
        FACTOR_RESET_STATE_MACHINE_ARN: factorResetStateMachineArn,
        [ORIGIN_SECRET_ARN_VARIABLE]: originSecret.secret.secretArn,
        FACTOR_KEY_ARN: data.factorKey.keyArn,
        OIDC_KEYS_SECRET_ARN: oidcKeys.secret.secretArn,
        PMO_REQUIRES_WEBAUTHN: String(props.pmoRequiresWebauthn ?? false),
        ...(props.eidProviders && { EID_PROVIDERS: props.eidProviders }),
      },
      grants,
    });
    for (const { fn } of api.functions) originSecret.grantRead(fn);
    this.observability = new Observability(this, 'Observability', {
      key,
      alarmEmail: props.alarmEmail,
      api: api.httpApi,
      functions: [
        ...api.functions,
        ...workflows.functions,
        { name: 'MailEvents', fn: mailEvents.handler.fn },
        { name: 'RotateOriginSecret', fn: originSecret.rotation! },
        { name: 'RotateOidcKeys', fn: oidcKeys.rotation },
      ],
      stateMachines: workflows.stateMachines,
      stuckCaseLogs: workflows.recordStuckExecution.fn.logGroup,
      table: data.table,
      smsMonthlySpendLimit: props.smsMonthlySpendLimit,
      webAcl: props.webAcl,
    });
  }
}
