import { randomUUID } from 'node:crypto';
import {
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { mayAddFactor, notifyFactorChange, type BindRefusal } from './factors';
import { issueChallenge, rpIdOf, takeChallenge, WEBAUTHN, type SecurityKeyDeps } from './security-keys';
import type { SecurityKey, WebauthnChallenge } from './security-keys-ports';
import type { Session } from './sessions-ports';

/**
 * The WebAuthn ceremonies that check what a key signs, with @simplewebauthn/server: registering a
 * key, and verifying its answer at sign-in. Only the functions that do either load the library
 * (./security-keys.ts asks for a key without it).
 */

/** The WebAuthn user handle: the account id's bytes (a random UUID: nothing personal, as the spec asks). */
const userHandleOf = (accountId: string) => new TextEncoder().encode(accountId);

export type RegistrationStart =
  { outcome: 'started'; challengeId: string; options: PublicKeyCredentialCreationOptionsJSON } | BindRefusal | { outcome: 'too_many_factors' };

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
  { outcome: 'registered'; key: SecurityKey } | { outcome: 'challenge_expired' } | { outcome: 'webauthn_failed' } | { outcome: 'key_exists' } | BindRefusal;

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
