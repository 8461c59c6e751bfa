import * as z from 'zod/mini';
import { secret } from '../schemas';
import type { Contract } from './operation';
import { INSTANT_DESCRIPTION } from './operation';

export const CancelFactorResetBody = z.object({ token: secret });

export const RecoveryCodes = z.object({ recoveryCodes: z.array(z.string()) });
export const FactorResetScheduled = z.object({ resetAt: z.iso.datetime() });
export const FactorResetCancelled = z.object({ status: z.literal('cancelled') });

export const recoveryContract = (): Contract => ({
  tag: { name: 'recovery', description: 'Recovery codes, and "J\'ai perdu mon téléphone".' },
  operations: {
    'POST /api/v1/me/recovery-codes': {
      summary: 'Ten new recovery codes; the old ones die',
      description: 'Needs a second factor and a sign-in less than 15 minutes old. The owner is emailed.',
      caller: 'session',
      responses: { 201: { description: 'The codes (XXXX-XXXX-XXXX), shown this once.', body: { name: 'RecoveryCodes', schema: RecoveryCodes } } },
      errors: { 403: ['step_up_required', 'reauthentication_required'] },
    },
    'POST /api/v1/me/second-factor-reset': {
      summary: '"J\'ai perdu mon téléphone": the phones and recovery codes go in 72 hours',
      description: 'The owner is emailed at once a link to cancel. One reset at a time: 409 `reset_pending` with its `resetAt` while one is in flight.',
      caller: 'session',
      responses: {
        202: { description: `Scheduled for \`resetAt\` (${INSTANT_DESCRIPTION})`, body: { name: 'FactorResetScheduled', schema: FactorResetScheduled } },
      },
      errors: { 409: ['reset_pending'] },
    },
    'POST /api/v1/second-factor-reset/cancel': {
      summary: 'Cancels a second-factor reset with the link from the email',
      description: 'No session needed. Every session of the account ends and the owner is emailed.',
      caller: 'anyone',
      body: { name: 'CancelFactorResetRequest', schema: CancelFactorResetBody },
      responses: { 200: { description: 'Cancelled.', body: { name: 'FactorResetCancelled', schema: FactorResetCancelled } } },
      errors: { 410: ['reset_link_expired'] },
    },
  },
});
