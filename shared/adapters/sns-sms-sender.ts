import { PublishCommand, SNSClient, SNSServiceException } from '@aws-sdk/client-sns';
import { SmsProviderRefusedError, type OutgoingSms, type SmsSender } from '#domain/sms-ports';

/**
 * The answers of SNS Publish that mean "no SMS for now" rather than a bug of ours: the account's
 * throughput (ThrottledException, once the SDK's own retries are spent) and a refusal that names the
 * account's SMS quota or spend. SNS mostly enforces the monthly spend limit after accepting the
 * Publish (the delivery then fails with "No quota left for account", seen only in delivery logs and
 * by the SMSMonthToDateSpentUSD alarm); when it does answer the Publish with it, this is how.
 */
const refusesForNow = (error: unknown): boolean =>
  error instanceof SNSServiceException && (error.name === 'ThrottledException' || /quota|spend/i.test(error.message));

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
    try {
      await this.publish(sms);
    } catch (error) {
      if (refusesForNow(error)) throw new SmsProviderRefusedError((error as Error).name, { cause: error });
      throw error;
    }
  }

  private async publish(sms: OutgoingSms): Promise<void> {
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
