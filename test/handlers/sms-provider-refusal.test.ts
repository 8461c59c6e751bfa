import { Readable } from 'node:stream';
import { SNSClient } from '@aws-sdk/client-sns';
import { buildHandler as buildAddPhone } from '../../functions/phones/add-phone';
import { buildHandler as buildSignIn } from '../../functions/sessions/sign-in';
import { buildHandler as buildVerifyPhone } from '../../functions/phones/verify-phone';
import { SnsSmsSender } from '#adapters/sns-sms-sender';
import { RULES } from '#domain/rules';
import { harness, httpEvent, invoke, latestSmsCode, PASSWORD, sessionCookieFor, signedUpPerson, type Harness } from '../support/builders';

const NUMBER = '+32470123456';
const EMAIL = 'bernard@example.org';

/**
 * The real SNS client, whose HTTP layer answers Publish as SNS does when it will not send: the
 * awsQuery error `Throttled` (429), which the SDK turns into ThrottledException. One attempt, so
 * that no retry backoff sleeps.
 */
const refusingSns = (code = 'Throttled', message = 'Rate exceeded', statusCode = 429) => {
  const published: string[] = [];
  const client = new SNSClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    maxAttempts: 1,
    requestHandler: {
      handle: async (request: { body?: string }) => {
        published.push(String(request.body));
        const xml = `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`;
        return { response: { statusCode, headers: { 'content-type': 'text/xml' }, body: Readable.from([Buffer.from(xml)]) } };
      },
    } as never,
  });
  return { sender: new SnsSmsSender(client), published };
};

describe('SMS refused by the provider (SNS)', () => {
  let h: Harness;
  let cookies: string[];

  beforeEach(async () => {
    h = await harness();
    const person = await signedUpPerson(h, { email: EMAIL, emailLanguage: 'de' });
    cookies = sessionCookieFor(person.sessionToken);
  });

  const confirmPhone = async () => {
    const { challengeId } = (await invoke(() => buildAddPhone(h.deps), httpEvent({ body: { phoneNumber: NUMBER }, cookies }))).body;
    await invoke(() => buildVerifyPhone(h.deps), httpEvent({ body: { challengeId, code: latestSmsCode(h.outbox, NUMBER) }, cookies }));
  };

  it('answers an SMS sign-in with 503 sms_unavailable, Retry-After and the message in the caller language, and records it', async () => {
    await confirmPhone();
    const sns = refusingSns();
    h.deps.sms = sns.sender;
    const response = await invoke(
      () => buildSignIn(h.deps),
      httpEvent({ body: { login: EMAIL, password: PASSWORD, method: 'sms', phoneNumber: NUMBER }, headers: { 'accept-language': 'nl' } }),
    );
    expect(sns.published).toHaveLength(1);
    expect(response).toMatchObject({
      statusCode: 503,
      headers: { 'retry-after': String(RULES.smsProviderRetryAfterSeconds) },
      body: {
        error: {
          code: 'sms_unavailable',
          message: "Het versturen van sms'jes is tijdelijk opgeschort. Probeer het later opnieuw.",
          retryAfterSeconds: RULES.smsProviderRetryAfterSeconds,
        },
      },
    });
    expect(h.securityEvents.of('sms_provider_refused')).toMatchObject([{ outcome: 'refused', details: { purpose: 'sign_in' } }]);
  });

  it('answers adding a phone with the same 503 when SNS names the spend quota', async () => {
    h.deps.sms = refusingSns('InvalidParameter', 'No quota left for account', 400).sender;
    const response = await invoke(() => buildAddPhone(h.deps), httpEvent({ body: { phoneNumber: NUMBER }, cookies }));
    expect(response).toMatchObject({ statusCode: 503, body: { error: { code: 'sms_unavailable' } } });
  });

  it('keeps any other SNS failure a bare 500: a bug is not a refusal', async () => {
    await confirmPhone();
    h.deps.sms = refusingSns('InvalidParameter', 'Invalid parameter: PhoneNumber', 400).sender;
    const response = await invoke(() => buildSignIn(h.deps), httpEvent({ body: { login: EMAIL, password: PASSWORD, method: 'sms', phoneNumber: NUMBER } }));
    expect(response).toMatchObject({ statusCode: 500, body: { error: { code: 'internal_error' } } });
  });
});
