import { ConfigurationSet, EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export interface MessagingProps {
  /** The sender address, e.g. no-reply@passerelle.example.eu; its domain is verified with DKIM. */
  mailFrom: string;
}

/** SES: the sending domain and a configuration set for bounces and complaints. */
export class Messaging extends Construct {
  readonly configurationSet: ConfigurationSet;
  readonly identity: EmailIdentity;

  constructor(scope: Construct, id: string, props: MessagingProps) {
    super(scope, id);
    const domain = props.mailFrom.split('@')[1];
    this.identity = new EmailIdentity(this, 'Identity', { identity: Identity.domain(domain) });
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', { reputationMetrics: true });
  }
}
