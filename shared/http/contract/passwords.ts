import * as z from 'zod/mini';
import { secret, text } from '../schemas';
import type { Contract } from './operation';
import { INSTANT_DESCRIPTION } from './operation';

export const LookupLinkBody = z.object({ token: secret });

export const RequestLinkBody = z.object({ login: text(254) });

// Not trimmed: spaces are allowed and count. The policy decides about length.
const password = z.string({ error: 'required' }).check(z.minLength(1, 'required'), z.maxLength(1024, 'too_long'));

export const SetPasswordBody = z
  .object({ token: secret, password, passwordConfirmation: password })
  .check(z.refine((body) => body.password === body.passwordConfirmation, { path: ['passwordConfirmation'], message: 'password_mismatch' }));

export const PasswordLink = z.object({ username: z.string(), expiresAt: z.iso.datetime() });
export const LinkRequested = z.object({ status: z.literal('accepted') });
export const PasswordSet = z.object({ status: z.literal('password_set') });
export const PasswordExamples = z.object({ examples: z.array(z.string()) });

export const passwordsContract = (): Contract => ({
  tag: { name: 'passwords', description: 'The password: its link by email, "lost password", and the policy (the manual, steps 4 to 7).' },
  operations: {
    'POST /api/v1/password-links/lookup': {
      summary: 'Whose link this is, and until when it works',
      caller: 'anyone',
      body: { name: 'LookupPasswordLinkRequest', schema: LookupLinkBody },
      responses: {
        200: { description: `The account's username and the link's end (${INSTANT_DESCRIPTION})`, body: { name: 'PasswordLink', schema: PasswordLink } },
      },
      errors: { 410: ['link_expired'] },
    },
    'POST /api/v1/password': {
      summary: 'Sets the password from an emailed link, and signs in',
      description: 'A password that replaces another ends every session of the account and emails the owner; the very first one (activation) does neither.',
      caller: 'anyone',
      body: { name: 'SetPasswordRequest', schema: SetPasswordBody },
      responses: {
        200: {
          description: 'Set; the session cookie comes with it (assurance `password`).',
          body: { name: 'PasswordSet', schema: PasswordSet },
          cookie: 'set',
        },
      },
      errors: { 410: ['link_expired'], 422: ['password_policy'] },
    },
    'POST /api/v1/password-links': {
      summary: '"Lost password": a fresh link by email',
      description: 'Always 202, whether or not the login is known (at most 5 links per account and hour).',
      caller: 'anyone',
      body: { name: 'RequestPasswordLinkRequest', schema: RequestLinkBody },
      responses: { 202: { description: 'Handled.', body: { name: 'LinkRequested', schema: LinkRequested } } },
    },
    'GET /api/v1/password-examples': {
      summary: 'Five passwords that meet the policy',
      caller: 'anyone',
      responses: { 200: { description: 'The examples.', body: { name: 'PasswordExamples', schema: PasswordExamples } } },
    },
  },
});
