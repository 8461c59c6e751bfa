import { RULES } from './rules';
import { randomUUID } from 'node:crypto';
import { newSecretToken } from './secrets';
import type { AuthenticationResponseJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { addSeconds } from './clock';
import { factorsLeft, notifyFactorChange, type FactorDeps } from './factors';
import type { SecurityEventLog } from './security-events';
import type { SecurityKey, SecurityKeyStore, WebauthnChallenge, WebauthnChallengeStore, WebauthnPurpose } from './security-keys-ports';
import { endSessions, isSecondFactor } from './sessions';
import type { FirstFactor, Session, SessionStore } from './sessions-ports';

/**
 * "Token": security keys and passkeys (WebAuthn). This module asks for a key and takes the
 * challenge back; ./security-key-ceremonies.ts verifies what keys sign, with @simplewebauthn/server. The relying party is
 * the public origin's host; a response from any other origin fails. Challenges live 5 minutes and
 * answer once. A key after the password is a second factor; a passkey alone, with user
 * verification, signs in without a password: both phishing-resistant, the strongest assurance.
 */
export const WEBAUTHN = { rpName: 'Passerelle', challengeSeconds: RULES.securityKeyChallengeSeconds, maxKeys: RULES.securityKeysPerAccount } as const;

export interface SecurityKeyDeps extends FactorDeps {
  securityKeys: SecurityKeyStore;
  webauthnChallenges: WebauthnChallengeStore;
  sessions: SessionStore;
  securityEvents: SecurityEventLog;
  publicOrigin: string;
}

export const rpIdOf = (publicOrigin: string) => new URL(publicOrigin).hostname;

export const issueChallenge = async (
  deps: Pick<SecurityKeyDeps, 'webauthnChallenges' | 'clock'>,
  purpose: WebauthnPurpose,
  challenge: string,
  accountId?: string,
  firstFactor?: FirstFactor,
): Promise<WebauthnChallenge> => {
  const issued = {
    challengeId: randomUUID(),
    purpose,
    accountId,
    challenge,
    expiresAt: addSeconds(deps.clock.now(), WEBAUTHN.challengeSeconds),
    ...(firstFactor && { firstFactor }),
  };
  await deps.webauthnChallenges.save(issued);
  return issued;
};

/** Takes a challenge (it dies whatever follows) and says whether it is alive and for this purpose (and account). */
export const takeChallenge = async (deps: Pick<SecurityKeyDeps, 'webauthnChallenges' | 'clock'>, challengeId: string, purposes: WebauthnPurpose[]) => {
  const challenge = await deps.webauthnChallenges.take(challengeId);
  return challenge && purposes.includes(challenge.purpose) && challenge.expiresAt > deps.clock.now() ? challenge : undefined;
};

/**
 * Options for navigator.credentials.get(), as @simplewebauthn/server's generateAuthenticationOptions
 * writes them: 32 bytes from the CSPRNG as the challenge, base64url. Written here because the
 * library's one entry point brings its x509 and ASN.1 stack (~250 KB, with side effects a bundler
 * must keep) into every function that only asks for a key, and the sign-in is one of them.
 */
const requestOptions = (publicOrigin: string, userVerification: 'preferred' | 'required', keys?: SecurityKey[]): PublicKeyCredentialRequestOptionsJSON => ({
  rpId: rpIdOf(publicOrigin),
  challenge: newSecretToken(),
  ...(keys && { allowCredentials: keys.map((key) => ({ id: key.credentialId, type: 'public-key' as const, transports: key.transports })) }),
  timeout: WEBAUTHN.challengeSeconds * 1000,
  userVerification,
});

/** Options for navigator.credentials.get() after the password: the account's own keys. */
export const startKeySignIn = async (deps: SecurityKeyDeps, accountId: string, keys: SecurityKey[], firstFactor?: FirstFactor) => {
  const options = requestOptions(deps.publicOrigin, 'preferred', keys);
  const { challengeId, expiresAt } = await issueChallenge(deps, 'sign_in', options.challenge, accountId, firstFactor);
  return { challengeId, expiresAt, options };
};

/** Options for a passwordless sign-in: any passkey of this site, with user verification (PIN, biometrics). */
export const startPasskeySignIn = async (
  deps: Pick<SecurityKeyDeps, 'webauthnChallenges' | 'clock' | 'publicOrigin'>,
): Promise<{ challengeId: string; options: PublicKeyCredentialRequestOptionsJSON }> => {
  const options = requestOptions(deps.publicOrigin, 'required');
  const { challengeId } = await issueChallenge(deps, 'passwordless', options.challenge);
  return { challengeId, options };
};

/** The account a WebAuthn answer is for: the challenge's (after the password), else the passkey's user handle. */
export const accountOfAnswer = async (
  deps: Pick<SecurityKeyDeps, 'webauthnChallenges' | 'clock'>,
  request: { challengeId: string; response: AuthenticationResponseJSON },
): Promise<{ challenge: WebauthnChallenge; accountId: string } | undefined> => {
  const challenge = await takeChallenge(deps, request.challengeId, ['sign_in', 'passwordless']);
  if (!challenge) return undefined;
  if (challenge.purpose === 'sign_in') return { challenge, accountId: challenge.accountId! };
  const handle = request.response.response?.userHandle;
  const accountId = typeof handle === 'string' && handle.length <= 200 ? Buffer.from(handle, 'base64url').toString('utf8') : '';
  return /^[\da-f-]{36}$/.test(accountId) ? { challenge, accountId } : undefined;
};

export type RemoveKeyResult = 'removed' | 'not_found' | 'step_up_required' | 'last_factor';

/** Removing a key needs a second factor, never takes the last factor; the owner is told, the other sessions end. */
export const removeSecurityKey = async (deps: SecurityKeyDeps, session: Session, keyId: string): Promise<RemoveKeyResult> => {
  if (!isSecondFactor(session.assurance)) return 'step_up_required';
  const key = (await deps.securityKeys.list(session.accountId)).find((candidate) => candidate.keyId === keyId);
  if (!key) return 'not_found';
  if ((await factorsLeft(deps, session.accountId)) <= 1) return 'last_factor';
  if (!(await deps.securityKeys.remove(session.accountId, keyId))) return 'not_found';
  deps.securityEvents.record({ type: 'factor_removed', accountId: session.accountId, outcome: 'success', details: { factor: 'webauthn', keyId } });
  await endSessions(deps, session.accountId, 'factor_removed', session);
  await notifyFactorChange(deps, session.accountId, 'factorRemoved', 'webauthn', key.name);
  return 'removed';
};
