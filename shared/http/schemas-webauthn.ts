import { z } from 'zod';

/** base64url as WebAuthn's JSON carries it, bounded. */
const base64url = z
  .string({ error: 'required' })
  .max(8192, 'too_long')
  .regex(/^[A-Za-z0-9_-]*$/, 'invalid');
const credential = {
  id: base64url,
  rawId: base64url,
  type: z.literal('public-key', { error: 'invalid' }),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
};

/** What navigator.credentials.create() gave (as @simplewebauthn/browser serialises it); the library verifies the rest. */
export const registrationResponse = z.object({
  ...credential,
  response: z.looseObject({ clientDataJSON: base64url, attestationObject: base64url, transports: z.array(z.string().max(32)).max(10).optional() }),
});

/** What navigator.credentials.get() gave. */
export const authenticationResponse = z.object({
  ...credential,
  response: z.looseObject({ clientDataJSON: base64url, authenticatorData: base64url, signature: base64url, userHandle: base64url.optional() }),
});
