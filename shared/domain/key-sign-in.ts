import { verifyKeyAnswer } from './security-key-ceremonies';
import { accountOfAnswer } from './security-keys';
import { signInAttemptFailed, signInSucceeded, startSignInAttempt, type SignInDeps } from './sign-in';

/**
 * The security key's or passkey's answer: after the password (the challenge names the account) or
 * alone (the passkey's user handle does). A refused answer counts as a failed sign-in, like a
 * wrong code; a dead or unknown challenge compares nothing.
 */
export const completeKeySignIn = async (
  deps: SignInDeps,
  request: { challengeId: string; response: Parameters<typeof verifyKeyAnswer>[3] },
): Promise<{ outcome: 'signed_in'; sessionToken: string } | { outcome: 'invalid_credentials' } | { outcome: 'challenge_expired' }> => {
  const answer = await accountOfAnswer(deps, request);
  if (!answer) return { outcome: 'challenge_expired' };
  const attempt = await startSignInAttempt(deps, answer.accountId);
  if (!attempt.reserved) return signInAttemptFailed(deps, attempt, 'webauthn', 'refused');
  if (!(await verifyKeyAnswer(deps, attempt.account.accountId, answer.challenge, request.response)))
    return signInAttemptFailed(deps, attempt, 'webauthn', 'key_refused');
  return {
    outcome: 'signed_in',
    sessionToken: await signInSucceeded(deps, attempt.account.accountId, 'webauthn', 'webauthn', answer.challenge.firstFactor),
  };
};
