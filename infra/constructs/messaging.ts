import { CfnOutput, Stack } from 'aws-cdk-lib';
import { HostedZone, TxtRecord } from 'aws-cdk-lib/aws-route53';
import {
  ConfigurationSet,
  DkimIdentity,
  EasyDkimSigningKeyLength,
  EmailIdentity,
  Identity,
  MailFromBehaviorOnMxFailure,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export interface MessagingProps {
  /** The sender address, e.g. no-reply@passerelle.example.eu; its domain is verified with DKIM. */
  mailFrom: string;
  /** The Route 53 public hosted zone of that domain: given, the stack writes the DNS records itself. */
  hostedZone?: { hostedZoneId: string; zoneName: string };
  /** Where DMARC aggregate reports go (rua); none, no reports. */
  dmarcReportEmail?: string;
}

/** The MAIL FROM subdomain: bounces come back to SES there, and SPF aligns with the sender's domain. */
export const MAIL_FROM_SUBDOMAIN = 'mail';

/** Quarantine mail that fails DKIM and SPF alignment: nobody else may send as the service. */
export const dmarcValue = (reportEmail?: string): string =>
  ['v=DMARC1', 'p=quarantine', 'adkim=s', 'aspf=r', ...(reportEmail ? [`rua=mailto:${reportEmail}`] : [])].join('; ');

/**
 * SES: the sending domain (Easy DKIM, 2048-bit), a custom MAIL FROM domain, DMARC, and a
 * configuration set for reputation metrics. With a hosted zone the DNS records are written here;
 * without, `cdk deploy` prints them (outputs Dns*) for whoever runs the domain's DNS.
 */
export class Messaging extends Construct {
  readonly configurationSet: ConfigurationSet;
  readonly identity: EmailIdentity;

  constructor(scope: Construct, id: string, props: MessagingProps) {
    super(scope, id);
    const domain = props.mailFrom.split('@')[1];
    const mailFromDomain = `${MAIL_FROM_SUBDOMAIN}.${domain}`;
    const zone = props.hostedZone && HostedZone.fromHostedZoneAttributes(this, 'Zone', props.hostedZone);
    this.identity = new EmailIdentity(this, 'Identity', {
      // With the zone, CDK writes the three DKIM CNAMEs and the MAIL FROM MX and SPF records.
      identity: zone ? Identity.publicHostedZone(zone) : Identity.domain(domain),
      dkimIdentity: DkimIdentity.easyDkim(EasyDkimSigningKeyLength.RSA_2048_BIT),
      mailFromDomain,
      // Without its MX record, send from amazonses.com rather than not at all (DMARC then relies on DKIM).
      mailFromBehaviorOnMxFailure: MailFromBehaviorOnMxFailure.USE_DEFAULT_VALUE,
    });
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      // SES's own list too: an address that bounced or complained gets nothing even if ours missed the event.
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    const dmarc = dmarcValue(props.dmarcReportEmail);
    if (zone) {
      new TxtRecord(this, 'Dmarc', { zone, recordName: `_dmarc.${domain}`, values: [dmarc] });
      return;
    }
    const region = Stack.of(this).region;
    const records: Array<[string, string, string, string]> = [
      ...this.identity.dkimRecords.map((record, index): [string, string, string, string] => [`DnsDkim${index + 1}`, 'CNAME', record.name, record.value]),
      ['DnsMailFromMx', 'MX', mailFromDomain, `10 feedback-smtp.${region}.amazonses.com`],
      ['DnsMailFromSpf', 'TXT', mailFromDomain, '"v=spf1 include:amazonses.com ~all"'],
      ['DnsDmarc', 'TXT', `_dmarc.${domain}`, `"${dmarc}"`],
    ];
    for (const [outputId, type, name, value] of records) {
      new CfnOutput(this, outputId, { value: `${name} ${type} ${value}`, description: `DNS record for SES (${type}): name, type, value` });
    }
  }
}
