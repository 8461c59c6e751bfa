import * as z from 'zod/mini';
import { text, typedCode } from '../schemas';
import { SignInBody } from './phone-bodies';
import type { Contract } from './operation';
import { INSTANT_DESCRIPTION } from './operation';

export const ChallengeBody = z.object({ challengeId: text(64), code: typedCode });

export const SignedIn = z.object({ status: z.literal('signed_in'), assurance: z.enum(['password', 'sms', 'totp', 'webauthn', 'recovery_code']) });
/** An SMS code is on its way. */
export const ChallengeSent = z.object({ challengeId: z.string(), expiresAt: z.iso.datetime() });
/** A sign-in waits for its second factor: an SMS on its way, an app's code, or (with `options`) a security key's answer. */
export const SignInChallenge = z.object({
  challengeId: z.string(),
  expiresAt: z.iso.datetime(),
  options: z.optional(z.record(z.string(), z.unknown())),
});

export const sessionsContract = (): Contract => ({
  tag: { name: 'sessions', description: 'Signing in and out (the manual, steps 12 and 13).' },
  operations: {
    'POST /api/v1/sessions': {
      idempotent: true,
      summary: 'Signs in with the password, then an SMS code, an app code, a security key or a recovery code',
      description:
        'Every refusal of a sign-in is the same 401 invalid_credentials. A recovery code is spent and the owner emailed. ' +
        'Whatever session the browser held ends.',
      caller: 'anyone',
      readsSessionCookie: true,
      body: { name: 'SignInRequest', schema: SignInBody },
      responses: {
        200: {
          description: 'Signed in (`password` or `recovery_code`); the session cookie comes with it.',
          body: { name: 'SignedIn', schema: SignedIn },
          cookie: 'set',
        },
        202: {
          description:
            "`sms`: a code is on its way to the phone; `totp`: the app's code is awaited (then POST /sessions/challenge); " +
            '`webauthn`: `options` for navigator.credentials.get() (then POST /sessions/webauthn). ' +
            `The challenge ends at \`expiresAt\` (${INSTANT_DESCRIPTION})`,
          body: { name: 'SignInChallenge', schema: SignInChallenge },
        },
      },
      errors: {
        400: ['phone_invalid', 'phone_country_not_allowed'],
        401: ['invalid_credentials'],
        429: ['rate_limited', 'sms_unavailable'],
        503: ['sms_unavailable'],
      },
    },
    'POST /api/v1/sessions/challenge': {
      summary: "Completes a sign-in with the SMS or authenticator app's code",
      caller: 'anyone',
      readsSessionCookie: true,
      body: { name: 'CompleteChallengeRequest', schema: ChallengeBody },
      responses: {
        200: {
          description: 'Signed in (assurance `sms` or `totp`); the session cookie comes with it.',
          body: { name: 'SignedIn', schema: SignedIn },
          cookie: 'set',
        },
      },
      errors: { 401: ['invalid_code'], 410: ['challenge_expired'] },
    },
    'DELETE /api/v1/sessions/current': {
      summary: 'Signs out',
      caller: 'anyone',
      readsSessionCookie: true,
      responses: { 204: { description: 'The session, if any, is over and the cookie cleared.', cookie: 'cleared' } },
    },
    'DELETE /api/v1/me/sessions': {
      summary: 'Signs out everywhere',
      description: 'Every session of the account ends, this one included.',
      caller: 'session',
      responses: { 204: { description: 'Every session is over and the cookie cleared.', cookie: 'cleared' } },
    },
  },
});
