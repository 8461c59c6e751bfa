import * as z from 'zod/mini';
import { text } from '../schemas';
import type { Contract } from './operation';
import { INSTANT_DESCRIPTION } from './operation';
import { SignedIn } from './sessions';

/** base64url as WebAuthn's JSON carries it, bounded. */
const base64url = z.string({ error: 'required' }).check(z.maxLength(8192, 'too_long'), z.regex(/^[A-Za-z0-9_-]*$/, 'invalid'));

const credential = {
  id: base64url,
  rawId: base64url,
  type: z.literal('public-key', { error: 'invalid' }),
  clientExtensionResults: z._default(z.record(z.string(), z.unknown()), {}),
  authenticatorAttachment: z.optional(z.enum(['platform', 'cross-platform'])),
};

/** What navigator.credentials.create() gave (as @simplewebauthn/browser serialises it); the library verifies the rest. */
export const registrationResponse = z.object({
  ...credential,
  response: z.looseObject({
    clientDataJSON: base64url,
    attestationObject: base64url,
    transports: z.optional(z.array(z.string().check(z.maxLength(32))).check(z.maxLength(10))),
  }),
});

/** What navigator.credentials.get() gave. */
export const authenticationResponse = z.object({
  ...credential,
  response: z.looseObject({ clientDataJSON: base64url, authenticatorData: base64url, signature: base64url, userHandle: z.optional(base64url) }),
});

export const ConfirmAppBody = z.object({ code: text(64) });
export const AddKeyBody = z.object({ challengeId: text(64), name: text(64), response: registrationResponse });
export const KeyAnswerBody = z.object({ challengeId: text(64), response: authenticationResponse });

/** The options for navigator.credentials.create() or .get(), as @simplewebauthn/server writes them. */
export const WebauthnOptions = z.record(z.string(), z.unknown());
export const KeyChallenge = z.object({ challengeId: z.string(), options: WebauthnOptions });

export const AppEnrolment = z.object({ appId: z.string(), secret: z.string(), otpauthUri: z.string(), qrSvg: z.string(), expiresAt: z.iso.datetime() });
export const AppConfirmed = z.object({ appId: z.string() });
export const KeyAdded = z.object({ keyId: z.string(), name: z.string() });

const secondFactorOnly = ['step_up_required', 'reauthentication_required'] as const;

export const factorsContract = (): Contract => ({
  tag: { name: 'factors', description: 'Authenticator apps ("Jeton logiciel") and security keys or passkeys ("Token").' },
  operations: {
    'POST /api/v1/me/authenticator-apps': {
      summary: 'Starts enrolling an authenticator app',
      description:
        'Needs a session with a second factor and a recent sign-in. The secret, its otpauth URI and a QR code (SVG) are shown this once; ' +
        `the enrolment ends at \`expiresAt\` (${INSTANT_DESCRIPTION}) unless confirmed.`,
      caller: 'session',
      responses: { 201: { description: 'The enrolment, to confirm with one code.', body: { name: 'AppEnrolment', schema: AppEnrolment } } },
      errors: { 403: secondFactorOnly, 409: ['too_many_factors'] },
    },
    'POST /api/v1/me/authenticator-apps/{appId}/confirm': {
      summary: 'Confirms an authenticator app with one of its codes',
      description: 'One right code makes the app a factor; the owner is emailed.',
      caller: 'session',
      pathParameters: { appId: 'The enrolment, as its start answered it.' },
      body: { name: 'ConfirmAppRequest', schema: ConfirmAppBody },
      responses: { 200: { description: 'The app is a factor.', body: { name: 'AppConfirmed', schema: AppConfirmed } } },
      errors: { 400: ['invalid_code'], 403: secondFactorOnly, 410: ['enrolment_expired'] },
    },
    'DELETE /api/v1/me/authenticator-apps/{appId}': {
      summary: 'Removes an authenticator app',
      description: "Needs a session with a second factor; never the account's last factor; the other sessions end and the owner is emailed.",
      caller: 'session',
      pathParameters: { appId: 'The app, as `GET /me` lists it.' },
      responses: { 204: { description: 'Removed.' } },
      errors: { 403: ['step_up_required'], 404: ['not_found'], 409: ['last_factor'] },
    },
    'POST /api/v1/me/security-keys/options': {
      summary: 'Starts registering a security key or passkey',
      description: 'Needs a session with a second factor and a recent sign-in. The challenge is good for one registration, for 5 minutes.',
      caller: 'session',
      responses: { 200: { description: 'The options for navigator.credentials.create().', body: { name: 'KeyChallenge', schema: KeyChallenge } } },
      errors: { 403: secondFactorOnly, 409: ['too_many_factors'] },
    },
    'POST /api/v1/me/security-keys': {
      summary: 'Registers a security key or passkey, by name',
      description: 'The answer of navigator.credentials.create() to the options; the owner is emailed.',
      caller: 'session',
      body: { name: 'AddKeyRequest', schema: AddKeyBody },
      responses: { 201: { description: 'The key is a factor.', body: { name: 'KeyAdded', schema: KeyAdded } } },
      errors: { 400: ['webauthn_failed'], 403: secondFactorOnly, 409: ['conflict'], 410: ['challenge_expired'] },
    },
    'DELETE /api/v1/me/security-keys/{keyId}': {
      summary: 'Removes a security key or passkey',
      description: "Needs a session with a second factor; never the account's last factor; the other sessions end and the owner is emailed.",
      caller: 'session',
      pathParameters: { keyId: 'The key, as `GET /me` lists it.' },
      responses: { 204: { description: 'Removed.' } },
      errors: { 403: ['step_up_required'], 404: ['not_found'], 409: ['last_factor'] },
    },
    'POST /api/v1/sessions/passkey': {
      summary: 'Starts a sign-in with a passkey alone',
      description: 'No password: any passkey of this site, with user verification. The challenge is good for one answer, for 5 minutes.',
      caller: 'anyone',
      responses: { 200: { description: 'The options for navigator.credentials.get().', body: { name: 'KeyChallenge', schema: KeyChallenge } } },
    },
    'POST /api/v1/sessions/webauthn': {
      summary: 'Completes a sign-in with the answer of a security key or passkey',
      description: 'After the password (`method: "webauthn"`), or alone with a passkey. Every refusal is the same 401 invalid_credentials.',
      caller: 'anyone',
      readsSessionCookie: true,
      body: { name: 'KeyAnswerRequest', schema: KeyAnswerBody },
      responses: {
        200: {
          description: 'Signed in (assurance `webauthn`); the session cookie comes with it.',
          body: { name: 'SignedIn', schema: SignedIn },
          cookie: 'set',
        },
      },
      errors: { 401: ['invalid_credentials'], 410: ['challenge_expired'] },
    },
  },
});
