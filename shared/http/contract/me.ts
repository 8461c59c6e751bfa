import * as z from 'zod/mini';
import { LANGUAGES } from '#domain/languages';
import type { Contract } from './operation';
import { INSTANT_DESCRIPTION } from './operation';

const grant = z.object({ status: z.enum(['none', 'pending', 'active']), availableFrom: z.optional(z.iso.datetime()) });

/** What a signed-in person may see of their account (shared/domain/profile.ts). */
export const Profile = z.object({
  username: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  email: z.string(),
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
  },
};
