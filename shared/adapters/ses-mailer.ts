import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import type { Mailer, OutgoingEmail } from '#domain/emails-ports';

/** Sends plain-text UTF-8 email through SES v2, tracked by the configuration set. */
export class SesMailer implements Mailer {
  constructor(
    private readonly client: SESv2Client,
    private readonly from: string,
    private readonly configurationSet?: string,
  ) {}

  /** A mailer with a client for the function's own region. */
  static create(from: string, configurationSet?: string): SesMailer {
    return new SesMailer(new SESv2Client({}), from, configurationSet);
  }

  async send(email: OutgoingEmail): Promise<void> {
    await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: this.from,
        Destination: { ToAddresses: [email.to] },
        ConfigurationSetName: this.configurationSet,
        Content: {
          Simple: {
            Subject: { Data: email.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: email.text, Charset: 'UTF-8' } },
            Headers: [{ Name: 'Content-Language', Value: email.language }],
          },
        },
      }),
    );
  }
}
