import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { OutgoingSms, SmsSender } from '#domain/sms-ports';

/** Sends transactional SMS straight to a phone number through SNS. */
export class SnsSmsSender implements SmsSender {
  constructor(
    private readonly client: SNSClient,
    private readonly senderId?: string,
  ) {}

  static create(senderId?: string): SnsSmsSender {
    return new SnsSmsSender(new SNSClient({}), senderId);
  }

  async send(sms: OutgoingSms): Promise<void> {
    await this.client.send(
      new PublishCommand({
        PhoneNumber: sms.to,
        Message: sms.text,
        MessageAttributes: {
          'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
          ...(this.senderId && { 'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: this.senderId } }),
        },
      }),
    );
  }
}
