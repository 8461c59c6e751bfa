import * as z from 'zod/mini';
import { LANGUAGES } from '#domain/languages';
import { email, secret } from '../schemas';
import type { Contract } from './operation';
import { INSTANT_DESCRIPTION } from './operation';
import { rcamStatus } from './rcam';

const grant = z.object({ status: z.enum(['none', 'pending', 'active']), availableFrom: z.optional(z.iso.datetime()) });

/** What a signed-in person may see of their account (shared/domain/profile.ts). */
export const Profile = z.object({
  username: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  email: z.string(),
  /** SES reported a permanent bounce or a complaint: no mail goes to `email` until it is changed (PUT /me/email). */
  emailUndeliverable: z.optional(z.object({ reason: z.enum(['bounce', 'complaint']), at: z.iso.datetime() })),
  emailLanguage: z.enum(LANGUAGES),
  phones: z.array(z.object({ phoneId: z.string(), phoneNumber: z.string(), addedAt: z.iso.datetime(), lastUsedAt: z.optional(z.iso.datetime()) })),
  authenticatorApps: z.array(z.object({ appId: z.string(), addedAt: z.iso.datetime(), lastUsedAt: z.optional(z.iso.datetime()) })),
  securityKeys: z.array(
    z.object({ keyId: z.string(), name: z.string(), synced: z.boolean(), addedAt: z.iso.datetime(), lastUsedAt: z.optional(z.iso.datetime()) }),
  ),
  session: z.object({ assurance: z.enum(['password', 'sms', 'totp', 'webauthn', 'recovery_code']), authenticatedAt: z.iso.datetime() }),
  roles: z.array(z.string()),
  recoveryCodesLeft: z.int(),
  secondFactorReset: z.optional(z.object({ resetAt: z.iso.datetime() })),
  entitlements: z.object({ rcam: grant, myIntracomm: grant, pmoContact: grant }),
});

const instant = z.iso.datetime();
const assurance = z.enum(['password', 'sms', 'totp', 'webauthn', 'recovery_code']);

/** Everything held about the signed-in person (shared/domain/personal-data.ts): data, never a secret, a hash or a token. */
export const PersonalDataExport = z.object({
  exportedAt: instant,
  account: z.object({
    accountId: z.string(),
    username: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    email: z.string(),
    emailLanguage: z.enum(LANGUAGES),
    createdAt: instant,
    passwordSetAt: z.optional(instant),
    roles: z.array(z.string()),
  }),
  signInProtection: z.object({
    attemptsInWindow: z.int(),
    lastAttemptAt: z.optional(instant),
    consecutiveFailures: z.int(),
    lockNoticeSentAt: z.optional(instant),
  }),
  phones: z.array(z.object({ phoneId: z.string(), phoneNumber: z.string(), addedAt: instant, lastUsedAt: z.optional(instant) })),
  authenticatorApps: z.array(z.object({ appId: z.string(), createdAt: instant, confirmedAt: z.optional(instant), lastUsedAt: z.optional(instant) })),
  securityKeys: z.array(z.object({ keyId: z.string(), name: z.string(), synced: z.boolean(), addedAt: instant, lastUsedAt: z.optional(instant) })),
  eidLinks: z.array(z.object({ provider: z.string(), issuer: z.string(), subject: z.string(), linkedAt: instant, lastUsedAt: z.optional(instant) })),
  recoveryCodes: z.optional(z.object({ left: z.int() })),
  sessions: z.array(z.object({ assurance, authenticatedAt: instant, idleExpiresAt: instant, absoluteExpiresAt: instant, current: z.boolean() })),
  secondFactorReset: z.optional(z.object({ requestedAt: instant, resetAt: instant, status: z.enum(['pending', 'removing']) })),
  rcamRequests: z.array(
    z.object({
      requestId: z.string(),
      staffNumber: z.string(),
      lastName: z.string(),
      firstName: z.string(),
      birthDate: z.string(),
      status: rcamStatus,
      submittedAt: instant,
      timeline: z.array(z.object({ status: rcamStatus, at: instant })),
      deliveredAt: z.optional(instant),
      codeExpiresAt: z.optional(instant),
      redeemedAt: z.optional(instant),
      letter: z.optional(
        z.object({
          letterId: z.string(),
          recipient: z.string(),
          createdAt: instant,
          status: z.enum(['queued', 'sent', 'delivered']),
          trackingNumber: z.optional(z.string()),
        }),
      ),
      audit: z.array(z.object({ at: instant, actor: z.string(), action: z.string(), details: z.optional(z.record(z.string(), z.unknown())) })),
    }),
  ),
  entitlements: z.object({ rcam: grant, myIntracomm: grant, pmoContact: grant }),
});

/** "Delete my account": the account's email, typed again. */
export const EraseAccountBody = z.object({
  confirmation: z.string({ error: 'required' }).check(z.trim(), z.minLength(1, 'required'), z.maxLength(254, 'too_long')),
});

export const ChangeEmailBody = z.object({ email });
export const ConfirmEmailBody = z.object({ token: secret });
const EmailChangeAccepted = z.object({ status: z.literal('confirmation_sent') });
const EmailChanged = z.object({ status: z.literal('email_changed'), email: z.string() });

export const meContract = (): Contract => ({
  tag: { name: 'me', description: 'The signed-in person.' },
  operations: {
    'GET /api/v1/me': {
      summary: "The signed-in person's account, phones, session, roles and entitlements",
      description:
        '`phones[].phoneNumber` is whole for a session with a second factor, masked to its last two digits (••••••••56) for a password-only one. ' +
        `Instants: ${INSTANT_DESCRIPTION}`,
      caller: 'session',
      responses: { 200: { description: 'The profile.', body: { name: 'Profile', schema: Profile } } },
    },
    'GET /api/v1/me/export': {
      summary: 'Every personal datum held about the signed-in person, as one JSON download',
      description:
        'The account, its phones, factors (names and dates, never a secret or a digest), sessions (dates, never an id), second-factor reset, ' +
        'RCAM requests with their letter and audit trail (clerks named `pmo`), and the dates the services open. ' +
        'Needs a second factor once the account has one (403 `step_up_required`): a password alone does not reveal the phone numbers. ' +
        `Instants: ${INSTANT_DESCRIPTION}`,
      caller: 'session',
      responses: {
        200: {
          description: 'The data.',
          body: { name: 'PersonalDataExport', schema: PersonalDataExport },
          attachment: 'attachment; filename="passerelle-<username>.json"',
        },
      },
      errors: { 403: ['step_up_required'] },
    },
    'DELETE /api/v1/me': {
      summary: 'Deletes the account and every personal datum held about it',
      description:
        "Needs a session proven by a second factor, and `confirmation`: the account's email, typed again (else 400 `validation_failed` with the field " +
        '`confirmation_mismatch`, nothing changed). Every session ends, the email and username are free again, an RCAM request in flight is stopped ' +
        '(off the PMO lists, no letter), a second-factor reset in flight too; the audit trails stay, under a pseudonym. The old address is emailed.',
      caller: 'second_factor',
      body: { name: 'EraseAccountRequest', schema: EraseAccountBody },
      responses: { 204: { description: 'Deleted; the session cookie is cleared.', cookie: 'cleared' } },
    },
    'PUT /api/v1/me/email': {
      summary: 'Asks to change the email address (for one that bounced, say)',
      description:
        'Needs a session proven by a second factor: the mailbox may be lost, the phone is not. A link goes to the new address ' +
        "(24 hours); the address changes when it is followed. An address that is another account's gets its owner a notice " +
        'instead, with the same 202.',
      caller: 'second_factor',
      body: { name: 'ChangeEmailRequest', schema: ChangeEmailBody },
      responses: {
        202: { description: 'A confirmation link is on its way to the new address.', body: { name: 'EmailChangeAccepted', schema: EmailChangeAccepted } },
      },
      errors: { 429: ['rate_limited'] },
    },
    'POST /api/v1/email-changes/confirm': {
      summary: 'Confirms a new email address with the link sent to it',
      description: 'The account takes the new address, its undeliverable mark goes, and the former address is told (unless it bounced).',
      caller: 'anyone',
      body: { name: 'ConfirmEmailRequest', schema: ConfirmEmailBody },
      responses: { 200: { description: 'The address is changed.', body: { name: 'EmailChanged', schema: EmailChanged } } },
      errors: { 410: ['link_expired'] },
    },
  },
});
