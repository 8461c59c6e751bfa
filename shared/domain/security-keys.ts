import { RULES } from './rules';
import { randomUUID } from 'node:crypto';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { addSeconds } from './clock';
import { factorsLeft, mayAddFactor, notifyFactorChange, type FactorDeps } from './factors';
import type { SecurityEventLog } from './security-events';
import type { SecurityKey, SecurityKeyStore, WebauthnChallenge, WebauthnChallengeStore, WebauthnPurpose } from './security-keys-ports';
import { endSessions, isSecondFactor } from './sessions';
import type { FirstFactor, Session, SessionStore } from './sessions-ports';

/**
 * "Token": security keys and passkeys (WebAuthn, with @simplewebauthn/server). The relying party is
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

const rpIdOf = (publicOrigin: string) => new URL(publicOrigin).hostname;
/** The WebAuthn user handle: the account id's bytes (a random UUID: nothing personal, as the spec asks). */
const userHandleOf = (accountId: string) => new TextEncoder().encode(accountId);

const issueChallenge = async (
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
const takeChallenge = async (deps: Pick<SecurityKeyDeps, 'webauthnChallenges' | 'clock'>, challengeId: string, purposes: WebauthnPurpose[]) => {
  const challenge = await deps.webauthnChallenges.take(challengeId);
  return challenge && purposes.includes(challenge.purpose) && challenge.expiresAt > deps.clock.now() ? challenge : undefined;
};

export type RegistrationStart =
  | { outcome: 'started'; challengeId: string; options: PublicKeyCredentialCreationOptionsJSON }
  | { outcome: 'step_up_required' }
  | { outcome: 'reauthentication_required' }
  | { outcome: 'too_many_factors' };

/** Options for navigator.credentials.create(): needs what adding any factor needs. */
export const startKeyRegistration = async (deps: SecurityKeyDeps, session: Session): Promise<RegistrationStart> => {
  const refused = await mayAddFactor(deps, session);
  if (refused) return refused;
  const keys = await deps.securityKeys.list(session.accountId);
  if (keys.length >= WEBAUTHN.maxKeys) return { outcome: 'too_many_factors' };
  const account = (await deps.accounts.findById(session.accountId))!;
  const options = await generateRegistrationOptions({
    rpName: WEBAUTHN.rpName,
    rpID: rpIdOf(deps.publicOrigin),
    userName: account.username,
    userDisplayName: `${account.firstName} ${account.lastName}`,
    userID: userHandleOf(session.accountId),
    attestationType: 'none',
    excludeCredentials: keys.map((key) => ({ id: key.credentialId, transports: key.transports })),
    // A discoverable credential when the authenticator can (a passkey, for signing in without a password).
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
    timeout: WEBAUTHN.challengeSeconds * 1000,
  });
  const { challengeId } = await issueChallenge(deps, 'register', options.challenge, session.accountId);
  return { outcome: 'started', challengeId, options };
};

export type RegistrationResult =
  | { outcome: 'registered'; key: SecurityKey }
  | { outcome: 'challenge_expired' }
  | { outcome: 'webauthn_failed' }
  | { outcome: 'key_exists' }
  | { outcome: 'step_up_required' }
  | { outcome: 'reauthentication_required' };

/** The authenticator's answer: verified against our challenge, origin and RP; its public key joins the account, the owner is told. */
export const finishKeyRegistration = async (
  deps: SecurityKeyDeps,
  session: Session,
  request: { challengeId: string; name: string; response: RegistrationResponseJSON },
): Promise<RegistrationResult> => {
  const challenge = await takeChallenge(deps, request.challengeId, ['register']);
  if (!challenge || challenge.accountId !== session.accountId) return { outcome: 'challenge_expired' };
  const refused = await mayAddFactor(deps, session);
  if (refused) return refused;
  let verified;
  try {
    verified = await verifyRegistrationResponse({
      response: request.response,
      expectedChallenge: challenge.challenge,
      expectedOrigin: deps.publicOrigin,
      expectedRPID: rpIdOf(deps.publicOrigin),
      requireUserVerification: false,
    });
  } catch {
    verified = undefined; // A malformed or forged answer is the client's fault, never a 500.
  }
  if (!verified?.verified) {
    deps.securityEvents.record({ type: 'factor_added', accountId: session.accountId, outcome: 'failure', details: { factor: 'webauthn' } });
    return { outcome: 'webauthn_failed' };
  }
  const { credential, credentialDeviceType, credentialBackedUp } = verified.registrationInfo;
  const key: SecurityKey = {
    keyId: randomUUID(),
    credentialId: credential.id,
    publicKey: Buffer.from(credential.publicKey).toString('base64url'),
    counter: credential.counter,
    transports: credential.transports ?? [],
    name: request.name,
    backupEligible: credentialDeviceType === 'multiDevice',
    backedUp: credentialBackedUp,
    createdAt: deps.clock.now(),
  };
  if (!(await deps.securityKeys.add(session.accountId, key))) return { outcome: 'key_exists' };
  deps.securityEvents.record({
    type: 'factor_added',
    accountId: session.accountId,
    outcome: 'success',
    details: { factor: 'webauthn', keyId: key.keyId, passkey: key.backupEligible, assurance: session.assurance },
  });
  await notifyFactorChange(deps, session.accountId, 'factorAdded', 'webauthn', key.name);
  return { outcome: 'registered', key };
};

/** Options for navigator.credentials.get() after the password: the account's own keys. */
export const startKeySignIn = async (deps: SecurityKeyDeps, accountId: string, keys: SecurityKey[], firstFactor?: FirstFactor) => {
  const options = await generateAuthenticationOptions({
    rpID: rpIdOf(deps.publicOrigin),
    allowCredentials: keys.map((key) => ({ id: key.credentialId, transports: key.transports })),
    userVerification: 'preferred',
    timeout: WEBAUTHN.challengeSeconds * 1000,
  });
  const { challengeId, expiresAt } = await issueChallenge(deps, 'sign_in', options.challenge, accountId, firstFactor);
  return { challengeId, expiresAt, options };
};

/** Options for a passwordless sign-in: any passkey of this site, with user verification (PIN, biometrics). */
export const startPasskeySignIn = async (
  deps: Pick<SecurityKeyDeps, 'webauthnChallenges' | 'clock' | 'publicOrigin'>,
): Promise<{ challengeId: string; options: PublicKeyCredentialRequestOptionsJSON }> => {
  const options = await generateAuthenticationOptions({
    rpID: rpIdOf(deps.publicOrigin),
    userVerification: 'required',
    timeout: WEBAUTHN.challengeSeconds * 1000,
  });
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

/**
 * Verifies a signed answer with the account's key: origin, RP, challenge, signature, user
 * verification for a passkey alone; the counter must go up (a clone would fall behind) and the
 * backup-eligible flag must not change. True once per challenge.
 */
export const verifyKeyAnswer = async (
  deps: Pick<SecurityKeyDeps, 'securityKeys' | 'securityEvents' | 'clock' | 'publicOrigin'>,
  accountId: string,
  challenge: WebauthnChallenge,
  response: AuthenticationResponseJSON,
): Promise<boolean> => {
  const key = (await deps.securityKeys.list(accountId)).find((candidate) => candidate.credentialId === response.id);
  if (!key) return false;
  const refuse = (reason: string) => {
    deps.securityEvents.record({ type: 'factor_used', accountId, outcome: 'refused', details: { factor: 'webauthn', keyId: key.keyId, reason } });
    return false;
  };
  let verified;
  try {
    verified = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge.challenge,
      expectedOrigin: deps.publicOrigin,
      expectedRPID: rpIdOf(deps.publicOrigin),
      credential: { id: key.credentialId, publicKey: Buffer.from(key.publicKey, 'base64url'), counter: key.counter, transports: key.transports },
      requireUserVerification: challenge.purpose === 'passwordless',
    });
  } catch (error) {
    // The library refuses a counter that did not go up: a possible clone, worth its own reason.
    return refuse(/counter/i.test((error as Error).message) ? 'counter_not_increased' : 'invalid_response');
  }
  if (!verified.verified) return refuse('invalid_signature');
  const { newCounter, credentialDeviceType, credentialBackedUp } = verified.authenticationInfo;
  if ((credentialDeviceType === 'multiDevice') !== key.backupEligible) return refuse('backup_eligibility_changed');
  if (!(await deps.securityKeys.recordUse(accountId, key.credentialId, key.counter, newCounter, credentialBackedUp, deps.clock.now())))
    return refuse('counter_raced');
  deps.securityEvents.record({ type: 'factor_used', accountId, outcome: 'success', details: { factor: 'webauthn', keyId: key.keyId } });
  return true;
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
