import * as z from 'zod/mini';
import { text, typedCode } from '../schemas';
import { mobilePhone } from '../schemas-phone';

/*
 * The request bodies that carry a mobile number, apart from their routes' contracts: parsing one
 * loads libphonenumber's metadata (135 KB), and a function that imports another schema of the
 * same contract (ChallengeBody, SignedIn, VerifyPhoneBody) must not bundle it. The bundler drops
 * this module from those functions because package.json declares shared/ free of side effects.
 */

const credentials = { login: text(254), password: z.string({ error: 'required' }).check(z.minLength(1, 'required'), z.maxLength(1024, 'too_long')) };

/**
 * "password" signs in at once; "sms" sends a challenge to one of the account's phones; "totp" opens
 * one for the authenticator app's code; "webauthn" one for a security key; "recovery_code" signs in
 * with a second factor at once.
 */
export const SignInBody = z.discriminatedUnion(
  'method',
  [
    z.object({ ...credentials, method: z.literal('password') }),
    z.object({ ...credentials, method: z.literal('sms'), phoneNumber: mobilePhone }),
    z.object({ ...credentials, method: z.literal('totp') }),
    z.object({ ...credentials, method: z.literal('webauthn') }),
    z.object({ ...credentials, method: z.literal('recovery_code'), recoveryCode: typedCode }),
  ],
  { error: 'invalid' },
);

const proof = { eidProof: text(64) };
/** The second factor after a national eID: the same methods as after a password, but the password. */
export const EidSignInBody = z.discriminatedUnion(
  'method',
  [
    z.object({ ...proof, method: z.literal('sms'), phoneNumber: mobilePhone }),
    z.object({ ...proof, method: z.literal('totp') }),
    z.object({ ...proof, method: z.literal('webauthn') }),
    z.object({ ...proof, method: z.literal('recovery_code'), recoveryCode: typedCode }),
  ],
  { error: 'invalid' },
);

export const AddPhoneBody = z.object({ phoneNumber: mobilePhone });
