import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { EmailSendingEvent, EventDestination, type ConfigurationSet } from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { EVENT_FUNCTIONS } from '../../functions/routes';
import { PasserelleFunction } from './function';

export interface MailEventsProps {
  configurationSet: ConfigurationSet;
  /** Encrypts the topic; SES is allowed to use it for this configuration set only. */
  key: IKey;
  environment: Record<string, string>;
}

/**
 * SES bounces and complaints: the configuration set publishes them to an encrypted topic (SES alone
 * may publish, for this configuration set and account), whose one subscriber, MailEvents, puts the
 * address on the suppression list and marks its account. The function may touch the table only.
 */
export class MailEvents extends Construct {
  readonly topic: Topic;
  readonly handler: PasserelleFunction;

  constructor(scope: Construct, id: string, props: MailEventsProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', { displayName: 'Passerelle SES bounces and complaints', masterKey: props.key, enforceSSL: true });
    props.key.grant(new ServicePrincipal('ses.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    // CDK adds the topic policy: ses.amazonaws.com may publish, with this account and configuration set as source.
    props.configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: EventDestination.snsTopic(this.topic),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });
    const task = EVENT_FUNCTIONS.mailEvents;
    this.handler = new PasserelleFunction(this, task.name, { entry: task.entry, environment: props.environment, access: task.access });
    this.topic.addSubscription(new LambdaSubscription(this.handler.fn));
  }
}
