import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { WORKFLOW_TASKS } from '../functions/routes';
import { Api } from './constructs/api';
import { Data } from './constructs/data';
import { Grants } from './constructs/grants';
import { Messaging } from './constructs/messaging';
import { Web } from './constructs/web';
import { Workflows } from './constructs/workflows';
import { acknowledgeTableIndexes } from './nag';

export interface PasserelleStackProps extends StackProps {
  /** The HTTPS origin people use, e.g. https://passerelle.example.eu: links point there, and POSTs must come from it. */
  publicOrigin: string;
  mailFrom: string;
  domainName?: string;
  certificateArn?: string;
  webAclArn?: string;
  /** The PMO console asks for a session proven by a security key or passkey (context `pmoRequiresWebauthn`). */
  pmoRequiresWebauthn?: boolean;
}

/** The whole service: data, messaging, workflows, API. */
export class PasserelleStack extends Stack {
  constructor(scope: Construct, id: string, props: PasserelleStackProps) {
    super(scope, id, props);
    const data = new Data(this, 'Data');
    acknowledgeTableIndexes(this, data.table);
    const messaging = new Messaging(this, 'Messaging', { mailFrom: props.mailFrom });
    const common = {
      TABLE_NAME: data.table.tableName,
      PUBLIC_ORIGIN: props.publicOrigin,
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
      factorKeyArn: data.factorKey.keyArn,
    });
    grants.apply(workflows.sendActivationLink.fn, WORKFLOW_TASKS.sendActivationLink.access);
    grants.apply(workflows.rcamStep.fn, WORKFLOW_TASKS.rcamStep.access);
    grants.apply(workflows.completeFactorReset.fn, WORKFLOW_TASKS.completeFactorReset.access);
    const api = new Api(this, 'Api', {
      environment: {
        ...common,
        ACTIVATION_STATE_MACHINE_ARN: activationStateMachineArn,
        RCAM_STATE_MACHINE_ARN: rcamStateMachineArn,
        FACTOR_RESET_STATE_MACHINE_ARN: factorResetStateMachineArn,
        FACTOR_KEY_ARN: data.factorKey.keyArn,
        PMO_REQUIRES_WEBAUTHN: String(props.pmoRequiresWebauthn ?? false),
      },
      grants,
    });
    new Web(this, 'Web', {
      api: api.httpApi,
      mailFrom: props.mailFrom,
      domainName: props.domainName,
      certificateArn: props.certificateArn,
      webAclArn: props.webAclArn,
    });
  }
}
