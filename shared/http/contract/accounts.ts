import * as z from 'zod/mini';
import { email, language, personName, text } from '../schemas';
import type { Contract } from './operation';

/** The form of "Créer un compte" (the manual's steps 1-3). */
export const CreateAccountBody = z
  .object({
    firstName: personName,
    lastName: personName,
    email,
    emailConfirmation: email,
    emailLanguage: language,
    captchaId: text(64),
    captchaAnswer: text(32),
    privacyAccepted: z.literal(true, { error: 'must_accept' }),
  })
  .check(z.refine((body) => body.email.toLowerCase() === body.emailConfirmation.toLowerCase(), { path: ['emailConfirmation'], message: 'email_mismatch' }));

export const Captcha = z.object({ captchaId: z.uuid(), svg: z.string() });
export const AccountPending = z.object({ status: z.literal('pending') });

export const accountsContract = (): Contract => ({
  tag: { name: 'accounts', description: 'Creating an account (the manual, steps 1 to 3).' },
  operations: {
    'GET /api/v1/captcha': {
      summary: 'A CAPTCHA for the account form',
      description: 'Single use, good for 10 minutes.',
      caller: 'anyone',
      responses: { 200: { description: 'The image (SVG) and the id to answer it with.', body: { name: 'Captcha', schema: Captcha } } },
    },
    'POST /api/v1/accounts': {
      idempotent: true,
      summary: 'Creates an account',
      description:
        'The same answer for a new email and a known one (the owner of a known one is told by email). The activation workflow emails ' +
        'a password link 15 minutes later. The CAPTCHA is checked only once the form is valid, so a typo does not burn it.',
      caller: 'anyone',
      body: { name: 'CreateAccountRequest', schema: CreateAccountBody },
      responses: { 202: { description: 'Registered, or the owner told.', body: { name: 'AccountPending', schema: AccountPending } } },
      errors: { 400: ['captcha_invalid'] },
    },
  },
});
