import * as z from 'zod/mini';
import { LANGUAGES } from '#domain/languages';
import { email, secret } from '../schemas';
import type { Contract } from './operation';
import { INSTANT_DESCRIPTION } from './operation';

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
  entitlements: z.object({ rcam: grant, myIntracomm: grant }),
});

export const ChangeEmailBody = z.object({ email });
export const ConfirmEmailBody = z.object({ token: secret });
const EmailChangeAccepted = z.object({ status: z.literal('confirmation_sent') });
const EmailChanged = z.object({ status: z.literal('email_changed'), email: z.string() });

export const meContract: Contract = {
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
};
