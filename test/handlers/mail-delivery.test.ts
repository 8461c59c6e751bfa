import type { SNSEvent } from 'aws-lambda';
import { buildHandler as buildMailEvents } from '../../functions/mail/mail-events';
import { buildHandler as buildChangeEmail } from '../../functions/me/change-email';
import { buildHandler as buildConfirmEmail } from '../../functions/me/confirm-email';
import { buildHandler as buildGetMe } from '../../functions/me/get-me';
import { buildHandler as buildRequestLink } from '../../functions/passwords/request-link';
import { openSession } from '#domain/sessions';
import { RULES } from '#domain/rules';
import { harness, httpEvent, invoke, sessionCookieFor, signedUpPerson, type Harness } from '../support/builders';

const EMAIL = 'bernard@example.org';
const NEW_EMAIL = 'bernard.zanella@example.net';

/** What SES publishes to the configuration set's topic, as the function receives it from SNS. */
const snsEvent = (...messages: object[]): SNSEvent =>
  ({
    Records: messages.map((message, i) => ({ EventSource: 'aws:sns', Sns: { MessageId: `m-${i}`, Message: JSON.stringify(message) } })),
  }) as unknown as SNSEvent;
const bounce = (address: string, bounceType = 'Permanent') => ({
  eventType: 'Bounce',
  bounce: { bounceType, bouncedRecipients: [{ emailAddress: address }] },
  mail: { destination: [address] },
});
const complaint = (address: string) => ({ eventType: 'Complaint', complaint: { complainedRecipients: [{ emailAddress: address }] } });

describe('bounces, complaints and a change of address', () => {
  let h: Harness;
  let accountId: string;
  let passwordOnly: string[];
  let sms: string[];

  beforeEach(async () => {
    h = await harness();
    const person = await signedUpPerson(h, { email: EMAIL, emailLanguage: 'en' });
    accountId = person.accountId;
    passwordOnly = sessionCookieFor(person.sessionToken);
    sms = sessionCookieFor(await openSession(h.deps, accountId, 'sms'));
  });

  const me = async (cookies = sms) => (await invoke(() => buildGetMe(h.deps), httpEvent({ method: 'GET', cookies }))).body;
  const mailEvents = (event: SNSEvent) => buildMailEvents(h.deps)(event);
  const changeEmail = (email: string, cookies = sms) => invoke(() => buildChangeEmail(h.deps), httpEvent({ method: 'PUT', body: { email }, cookies }));
  const confirm = (token: string) => invoke(() => buildConfirmEmail(h.deps), httpEvent({ body: { token } }));
  const tokenSentTo = (to: string) => /confirm-email#token=([\w-]+)/.exec(h.outbox.list(to).at(-1)?.text ?? '')?.[1];

  it('marks the account on a permanent bounce, shows it on its page, and sends nothing more to the address', async () => {
    await mailEvents(snsEvent(bounce('Bernard@Example.org')));
    expect((await me()).emailUndeliverable).toEqual({ reason: 'bounce', at: h.clock.now().toISOString() });
    const before = h.outbox.list(EMAIL).length;
    expect((await invoke(() => buildRequestLink(h.deps), httpEvent({ body: { login: EMAIL } }))).statusCode).toBe(202);
    expect(h.outbox.list(EMAIL)).toHaveLength(before);
    expect(h.securityEvents.of('email_undeliverable')).toMatchObject([{ accountId, outcome: 'bounce' }]);
  });

  it('marks a complaint alike, ignores a transient bounce, and takes the same event twice as once', async () => {
    await mailEvents(snsEvent(bounce(EMAIL, 'Transient')));
    expect((await me()).emailUndeliverable).toBeUndefined();
    await mailEvents(snsEvent(complaint(EMAIL), complaint(EMAIL)));
    expect((await me()).emailUndeliverable).toMatchObject({ reason: 'complaint' });
  });

  it('skips a record that is not JSON and still handles the others', async () => {
    const event = snsEvent(bounce(EMAIL));
    event.Records.unshift({ Sns: { MessageId: 'x', Message: 'not json' } } as never);
    await mailEvents(event);
    expect((await me()).emailUndeliverable).toMatchObject({ reason: 'bounce' });
  });

  it('changes the address through a link to the new one, clears the mark, and tells the old address only if mail reaches it', async () => {
    await mailEvents(snsEvent(bounce(EMAIL)));
    const sentToOld = h.outbox.list(EMAIL).length;
    expect(await changeEmail(NEW_EMAIL)).toMatchObject({ statusCode: 202, body: { status: 'confirmation_sent' } });
    expect((await me()).email).toBe(EMAIL);
    const token = tokenSentTo(NEW_EMAIL)!;
    expect(h.outbox.list(NEW_EMAIL).at(-1)).toMatchObject({ subject: 'Confirm your new email address for Passerelle', language: 'en' });

    expect(await confirm(token)).toMatchObject({ statusCode: 200, body: { status: 'email_changed', email: NEW_EMAIL } });
    const profile = await me();
    expect(profile.email).toBe(NEW_EMAIL);
    expect(profile.emailUndeliverable).toBeUndefined();
    expect(h.outbox.list(EMAIL)).toHaveLength(sentToOld); // it bounced: no notice goes there
    expect(await confirm(token)).toMatchObject({ statusCode: 410, body: { error: { code: 'link_expired' } } });
    expect(h.securityEvents.of('email_changed')).toMatchObject([{ accountId, outcome: 'success' }]);
    // Mail goes to the new address, and the account is found by it.
    await invoke(() => buildRequestLink(h.deps), httpEvent({ body: { login: NEW_EMAIL } }));
    expect(h.outbox.list(NEW_EMAIL).at(-1)!.subject).toBe('Create your Passerelle password');
  });

  it('tells a deliverable old address of the change', async () => {
    await changeEmail(NEW_EMAIL);
    await confirm(tokenSentTo(NEW_EMAIL)!);
    expect(h.outbox.list(EMAIL).at(-1)).toMatchObject({ subject: 'The email address of your account was changed' });
    expect(h.outbox.list(EMAIL).at(-1)!.text).toContain(NEW_EMAIL);
  });

  it('needs a session proven by a second factor: a password alone gets 403 and nothing is sent', async () => {
    const sent = h.outbox.list().length;
    expect(await changeEmail(NEW_EMAIL, passwordOnly)).toMatchObject({ statusCode: 403, body: { error: { code: 'step_up_required' } } });
    expect(h.outbox.list()).toHaveLength(sent);
  });

  it("answers another account's address the same 202: its owner is told, no link goes anywhere, nothing changes", async () => {
    await signedUpPerson(h, { email: NEW_EMAIL, firstName: 'Anna', lastName: 'Rossi' });
    const response = await changeEmail(NEW_EMAIL.toUpperCase());
    expect(response).toMatchObject({ statusCode: 202, body: { status: 'confirmation_sent' } });
    expect(h.outbox.list(NEW_EMAIL).at(-1)!.subject).toBe("Tentative d'utilisation de votre adresse sur un autre compte Passerelle");
    expect(tokenSentTo(NEW_EMAIL)).toBeUndefined();
    expect((await me()).email).toBe(EMAIL);
  });

  it('refuses the current address (400 on the field), a link one second after 24 hours, and a sixth request in an hour', async () => {
    expect(await changeEmail(EMAIL.toUpperCase())).toMatchObject({ statusCode: 400, body: { error: { fields: { email: { code: 'same_email' } } } } });
    await changeEmail(NEW_EMAIL);
    const token = tokenSentTo(NEW_EMAIL)!;
    h.clock.advance(RULES.emailChangeLinkLifetimeSeconds + 1);
    sms = sessionCookieFor(await openSession(h.deps, accountId, 'sms'));
    expect((await confirm(token)).statusCode).toBe(410);
    // The window of the first request has passed: a whole hour's worth goes, then no more.
    for (let i = 0; i < RULES.emailChangeRequests.limit; i++) expect((await changeEmail(`n${i}@example.net`)).statusCode).toBe(202);
    expect(await changeEmail('last@example.net')).toMatchObject({ statusCode: 429, headers: { 'retry-after': expect.any(String) } });
  });

  it('keeps only the newest link alive', async () => {
    await changeEmail(NEW_EMAIL);
    const first = tokenSentTo(NEW_EMAIL)!;
    await changeEmail('other@example.net');
    expect((await confirm(first)).statusCode).toBe(410);
    expect((await confirm(tokenSentTo('other@example.net')!)).statusCode).toBe(200);
  });
});
