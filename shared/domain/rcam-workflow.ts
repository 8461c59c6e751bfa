import { randomUUID } from 'node:crypto';
import { formatCode, hashCode, newCode } from './codes';
import { composeEmail } from './emails';
import type { PostalAddress } from './letters-ports';
import { RCAM_CODE_LENGTH, type RcamDeps } from './rcam';
import type { CodeRequest, RcamStatus } from './rcam-ports';

/**
 * The steps the RCAM enrolment state machine runs, by name. Each is idempotent enough to be
 * retried by Step Functions: status moves are conditional on the status they come from.
 */
export type RcamStep =
  | { step: 'awaitReview'; requestId: string; taskToken: string }
  | { step: 'reviewExpired'; requestId: string }
  | { step: 'rejected'; requestId: string; reason?: string }
  | { step: 'prepareLetter'; requestId: string; postalAddress: PostalAddress }
  | { step: 'awaitDispatch'; requestId: string; letterId: string; taskToken: string }
  | { step: 'awaitDelivery'; requestId: string; taskToken: string }
  | { step: 'undelivered'; requestId: string }
  | { step: 'awaitRedemption'; requestId: string; taskToken: string }
  | { step: 'codeExpired'; requestId: string }
  | { step: 'rcamActive'; requestId: string }
  | { step: 'complete'; requestId: string }
  | { step: 'failed'; requestId: string };

/**
 * The code is redeemed or the workflow over, whatever the outcome: the letter's PDF (the code in
 * clear) goes, its summary stays. Usually gone already: sending the letter deletes it.
 */
const discardLetter = async (deps: RcamDeps, request: CodeRequest) => {
  if (request.letterId && (await deps.rcam.discardLetterPdf(request.letterId))) {
    await deps.rcam.audit({
      requestId: request.requestId,
      at: deps.clock.now(),
      actor: 'workflow',
      action: 'letter_pdf_discarded',
      details: { letterId: request.letterId },
    });
  }
};

const end = async (deps: RcamDeps, requestId: string, status: RcamStatus, from: readonly RcamStatus[]) => {
  const request = (await deps.rcam.find(requestId))!;
  if (await deps.rcam.transition(requestId, status, deps.clock.now(), from)) await deps.rcam.release(request.accountId, requestId);
  await discardLetter(deps, request);
};

export const runRcamStep = async (deps: RcamDeps, input: RcamStep): Promise<Record<string, unknown>> => {
  const now = deps.clock.now();
  switch (input.step) {
    case 'awaitReview':
    case 'awaitDelivery':
    case 'awaitRedemption':
      await deps.rcam.setTaskToken(input.requestId, input.taskToken);
      return {};
    case 'awaitDispatch':
      await deps.rcam.setLetterTaskToken(input.letterId, input.taskToken);
      return {};
    case 'reviewExpired':
      await end(deps, input.requestId, 'review_expired', ['pending_review']);
      return {};
    case 'undelivered':
      await end(deps, input.requestId, 'letter_undelivered', ['letter_queued', 'letter_sent']);
      return {};
    case 'codeExpired':
      await end(deps, input.requestId, 'code_expired', ['letter_delivered']);
      return {};
    case 'rcamActive':
      await deps.rcam.transition(input.requestId, 'rcam_active', now, ['code_redeemed']);
      await discardLetter(deps, (await deps.rcam.find(input.requestId))!);
      return {};
    case 'complete':
      await deps.rcam.transition(input.requestId, 'complete', now, ['rcam_active']);
      await discardLetter(deps, (await deps.rcam.find(input.requestId))!);
      return {};
    case 'failed': {
      // A step failed for good (its retries spent): nothing moves on, but no code stays printable.
      const request = await deps.rcam.find(input.requestId);
      if (request) {
        await deps.rcam.audit({ requestId: request.requestId, at: now, actor: 'workflow', action: 'workflow_failed' });
        await discardLetter(deps, request);
      }
      return {};
    }
    case 'rejected': {
      const request = (await deps.rcam.find(input.requestId))!;
      await discardLetter(deps, request);
      if (!(await deps.rcam.transition(input.requestId, 'rejected', now, ['pending_review']))) return {};
      await deps.rcam.release(request.accountId, input.requestId);
      const account = (await deps.accounts.findById(request.accountId))!;
      await deps.mailer.send(
        composeEmail(account.email, account.emailLanguage, 'rcamRejected', {
          firstName: account.firstName,
          lastName: account.lastName,
          reason: input.reason ?? '—',
        }),
      );
      return {};
    }
    case 'prepareLetter': {
      const request = (await deps.rcam.find(input.requestId))!;
      if (request.letterId) return { letterId: request.letterId };
      const account = (await deps.accounts.findById(request.accountId))!;
      const code = newCode(RCAM_CODE_LENGTH);
      const letterId = randomUUID();
      const { pdf, text } = await deps.letterRenderer.render({
        language: account.emailLanguage,
        address: input.postalAddress,
        code: formatCode(code, 4),
        date: now,
        username: account.username,
      });
      const letter = {
        letterId,
        requestId: request.requestId,
        recipient: input.postalAddress.name,
        staffNumber: request.staffNumber,
        accountId: request.accountId,
        createdAt: now,
        status: 'queued' as const,
        pdf,
      };
      if (!(await deps.rcam.queueLetter(letter, hashCode(request.requestId, code)))) {
        return { letterId: (await deps.rcam.find(input.requestId))!.letterId! };
      }
      await deps.mailroom.queued({ address: input.postalAddress, text, language: account.emailLanguage });
      return { letterId };
    }
  }
};
