import * as z from 'zod/mini';
import { text, typedCode } from '../schemas';
import { AddPhoneBody } from './phone-bodies';
import type { Contract } from './operation';
import { INSTANT_DESCRIPTION } from './operation';
import { ChallengeSent } from './sessions';

export const VerifyPhoneBody = z.object({ challengeId: text(64), code: typedCode });

export const PhoneAdded = z.object({ phoneId: z.string(), phoneNumber: z.string(), recoveryCodes: z.optional(z.array(z.string())) });

export const phonesContract = (): Contract => ({
  tag: { name: 'phones', description: 'Mobile phones, confirmed by SMS (the manual, steps 8 and 9).' },
  operations: {
    'POST /api/v1/me/phones': {
      idempotent: true,
      summary: 'Sends a code by SMS to a new mobile phone',
      description:
        "A password-only session may add the account's first phone only; a sign-in less than 15 minutes old is needed. A mobile number in " +
        'international format, in an allowed country.',
      caller: 'session',
      body: { name: 'AddPhoneRequest', schema: AddPhoneBody },
      responses: {
        202: {
          description: `The code is on its way; the challenge ends at \`expiresAt\` (${INSTANT_DESCRIPTION})`,
          body: { name: 'ChallengeSent', schema: ChallengeSent },
        },
      },
      errors: {
        400: ['phone_invalid', 'phone_country_not_allowed'],
        403: ['step_up_required', 'reauthentication_required'],
        409: ['phone_exists'],
        429: ['rate_limited', 'phone_numbers_limit', 'phone_challenges_limit', 'sms_unavailable'],
        503: ['sms_unavailable'],
      },
    },
    'POST /api/v1/me/phones/verify': {
      summary: 'Confirms a phone with the code it received',
      caller: 'session',
      body: { name: 'VerifyPhoneRequest', schema: VerifyPhoneBody },
      responses: {
        201: {
          description: 'Added, and the owner emailed. `recoveryCodes` (ten) only when the account had none: shown this once.',
          body: { name: 'PhoneAdded', schema: PhoneAdded },
        },
      },
      errors: { 400: ['invalid_code'], 403: ['step_up_required'], 409: ['phone_exists'], 410: ['challenge_expired'] },
    },
    'DELETE /api/v1/me/phones/{phoneId}': {
      summary: 'Removes a phone',
      description: "Needs a session with a second factor; never the account's last factor; every other session of the account ends and the owner is emailed.",
      caller: 'session',
      pathParameters: { phoneId: 'The phone, as `GET /me` lists it.' },
      responses: { 204: { description: 'Removed.' } },
      errors: { 403: ['step_up_required'], 404: ['not_found'], 409: ['last_factor'] },
    },
  },
});
