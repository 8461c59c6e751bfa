import { createHash } from 'node:crypto';
import type { AccountStore } from './accounts-ports';
import { addSeconds } from './clock';
import type { EidCallback, EidClient, EidLink, EidProvider, EidPurpose, EidStore } from './eid-ports';
import { mayAddFactor, notifyFactorChange, type FactorDeps } from './factors';
import { RULES } from './rules';
import { hashSecret, newSecretToken, sameHash } from './secrets';
import { authenticate, endSessions } from './sessions';
import type { Session } from './sessions-ports';
import { secondFactorStep, signInAttemptFailed, startSignInAttempt, type SecondFactorRequest, type SignInDeps, type SignInResult } from './sign-in';

export interface EidDeps extends SignInDeps, FactorDeps {
  accounts: AccountStore;
  eid: EidClient;
  eidLinks: EidStore;
  eidProviders: readonly EidProvider[];
}

/** Where every provider sends the person back: a page of the web client, which hands the answer to the API. */
export const eidRedirectUri = (publicOrigin: string): string => `${publicOrigin}/eid/callback`;

/**
 * The key of an external identity: its issuer and its subject there, hashed. Never an email: two
 * accounts with the same address stay two, and a provider's email claim is not even asked for.
 */
export const linkIdOf = (issuer: string, subject: string): string => createHash('sha256').update(`${issuer}\n${subject}`, 'utf8').digest('hex');

export type StartEidResult = { outcome: 'started'; url: string } | { outcome: 'unknown_provider' };

/**
 * Sends the person to the provider: an authorization code request with PKCE, state and nonce, whose
 * verifier and nonce stay here under the state's hash (single use, `eidFlowSeconds`). A link is
 * bound to the session that asked for it.
 */
export const startEid = async (
  deps: EidDeps,
  request: { purpose: EidPurpose; providerId: string; browserToken: string; session?: Session },
): Promise<StartEidResult> => {
  const provider = deps.eidProviders.find((candidate) => candidate.id === request.providerId);
  if (!provider) return { outcome: 'unknown_provider' };
  const authorization = await deps.eid.authorizationOf(provider, eidRedirectUri(deps.publicOrigin));
  await deps.eidLinks.saveFlow({
    stateHash: hashSecret(authorization.state),
    purpose: request.purpose,
    providerId: provider.id,
    browserHash: hashSecret(request.browserToken),
    nonce: authorization.nonce,
    codeVerifier: authorization.codeVerifier,
    sessionHash: request.session?.sessionHash,
    accountId: request.session?.accountId,
    expiresAt: addSeconds(deps.clock.now(), RULES.eidFlowSeconds),
  });
  return { outcome: 'started', url: authorization.url };
};

export type FinishEidResult =
  | { outcome: 'linked'; linkId: string; providerName: string }
  | { outcome: 'proven'; eidProof: string; expiresAt: Date; providerName: string }
  /** No such flow (spent, expired, made up), or a link flow finished by another session than the one that started it. */
  | { outcome: 'state_invalid' }
  /** The provider refused, or its answer did not check out (code, PKCE, nonce, issuer, signature). */
  | { outcome: 'eid_refused' }
  | { outcome: 'already_linked' }
  /** Signing in with an identity no account has linked: no account is made, none is looked up by email. */
  | { outcome: 'not_linked' }
  | { outcome: 'step_up_required' | 'reauthentication_required' };

/**
 * The provider's answer, handed over by the callback page. The state is spent whatever follows. A
 * link needs the very session that started it, still proven by a second factor and recent; it
 * writes the identity to one account at most (conditional write), tells the owner and records it.
 * A sign-in finds the account by the identity's link alone and gives a short-lived proof that
 * stands in for the password before the second factor.
 */
export const finishEid = async (deps: EidDeps, callback: EidCallback, from: { sessionToken?: string; browserToken?: string }): Promise<FinishEidResult> => {
  const flow = await deps.eidLinks.takeFlow(hashSecret(callback.state), deps.clock.now());
  const provider = flow && deps.eidProviders.find((candidate) => candidate.id === flow.providerId);
  if (!flow || !provider) return { outcome: 'state_invalid' };
  // Another browser's answer (a link sent to the victim, a code caught on its way): refused, and the state spent.
  if (!sameHash(hashSecret(from.browserToken ?? ''), flow.browserHash)) {
    deps.securityEvents.record({
      type: 'forbidden',
      accountId: flow.accountId,
      outcome: 'refused',
      details: { action: `eid_${flow.purpose}`, reason: 'other_browser' },
    });
    return { outcome: 'state_invalid' };
  }
  let session: Session | undefined;
  if (flow.purpose === 'link') {
    session = await authenticate(deps, from.sessionToken);
    if (!session || session.sessionHash !== flow.sessionHash) {
      deps.securityEvents.record({
        type: 'forbidden',
        accountId: flow.accountId,
        outcome: 'refused',
        details: { action: 'eid_link', reason: 'other_session' },
      });
      return { outcome: 'state_invalid' };
    }
    const refused = await mayAddFactor(deps, session);
    if (refused) return refused;
  }
  const identity = await deps.eid.identityOf(provider, eidRedirectUri(deps.publicOrigin), callback, {
    state: callback.state,
    nonce: flow.nonce,
    codeVerifier: flow.codeVerifier,
  });
  if (!identity) {
    deps.securityEvents.record({
      type: flow.purpose === 'link' ? 'factor_added' : 'sign_in',
      accountId: flow.accountId,
      outcome: 'failure',
      details: { method: 'eid', provider: provider.id, reason: callback.error ? 'provider_error' : 'answer_refused' },
    });
    return { outcome: 'eid_refused' };
  }
  const linkId = linkIdOf(identity.issuer, identity.subject);
  const now = deps.clock.now();
  if (session) {
    const link: EidLink = { linkId, accountId: session.accountId, providerId: provider.id, ...identity, linkedAt: now };
    if (!(await deps.eidLinks.link(link))) {
      deps.securityEvents.record({
        type: 'factor_added',
        accountId: session.accountId,
        outcome: 'refused',
        details: { factor: 'eid', provider: provider.id, reason: 'already_linked' },
      });
      return { outcome: 'already_linked' };
    }
    deps.securityEvents.record({
      type: 'factor_added',
      accountId: session.accountId,
      outcome: 'success',
      details: { factor: 'eid', provider: provider.id, linkId },
    });
    await notifyFactorChange(deps, session.accountId, 'factorAdded', 'eid', provider.name);
    return { outcome: 'linked', linkId, providerName: provider.name };
  }
  const link = await deps.eidLinks.find(linkId);
  if (!link) {
    deps.securityEvents.record({ type: 'sign_in', outcome: 'failure', details: { method: 'eid', provider: provider.id, reason: 'not_linked' } });
    return { outcome: 'not_linked' };
  }
  const eidProof = newSecretToken();
  const expiresAt = addSeconds(now, RULES.eidProofSeconds);
  await deps.eidLinks.saveProof({ proofHash: hashSecret(eidProof), accountId: link.accountId, providerId: provider.id, linkId, expiresAt });
  deps.securityEvents.record({ type: 'sign_in', accountId: link.accountId, outcome: 'eid_proven', details: { method: 'eid', provider: provider.id } });
  return { outcome: 'proven', eidProof, expiresAt, providerName: provider.name };
};

/**
 * The second step of an eID sign-in: the proof (once) in place of the password, then the same
 * second factor as after a password, on an attempt reserved like any sign-in. The session it opens
 * says the eID came first.
 */
export const signInWithEid = async (
  deps: EidDeps,
  request: { eidProof: string } & SecondFactorRequest,
): Promise<SignInResult | { outcome: 'eid_proof_expired' }> => {
  const proof = await deps.eidLinks.takeProof(hashSecret(request.eidProof), deps.clock.now());
  if (!proof) return { outcome: 'eid_proof_expired' };
  const link = await deps.eidLinks.find(proof.linkId);
  // Unlinked since: nothing to sign in to.
  if (link?.accountId !== proof.accountId) return { outcome: 'eid_proof_expired' };
  const attempt = await startSignInAttempt(deps, proof.accountId);
  if (!attempt.reserved && attempt.refusal === 'no_account') return { outcome: 'eid_proof_expired' }; // the account erased
  if (!attempt.reserved) return signInAttemptFailed(deps, attempt, request.method, 'eid');
  await deps.eidLinks.markUsed(proof.accountId, link.linkId, deps.clock.now());
  return secondFactorStep(deps, attempt, request, 'eid');
};

/** The account's linked identities, each with its provider's name (a provider no longer configured keeps its id). */
export const eidLinksOf = async (deps: Pick<EidDeps, 'eidLinks' | 'eidProviders'>, accountId: string) =>
  (await deps.eidLinks.listOf(accountId)).map((link) => ({
    ...link,
    providerName: deps.eidProviders.find((provider) => provider.id === link.providerId)?.name ?? link.providerId,
  }));

/**
 * Removes a linked identity: it no longer signs in. The owner is told, and the account's other
 * sessions end, as when a factor is removed.
 */
export const unlinkEid = async (deps: EidDeps, session: Session, linkId: string): Promise<'removed' | 'not_found'> => {
  const removed = await deps.eidLinks.unlink(session.accountId, linkId);
  if (!removed) return 'not_found';
  const name = deps.eidProviders.find((provider) => provider.id === removed.providerId)?.name ?? removed.providerId;
  deps.securityEvents.record({
    type: 'factor_removed',
    accountId: session.accountId,
    outcome: 'success',
    details: { factor: 'eid', provider: removed.providerId, linkId },
  });
  await endSessions(deps, session.accountId, 'factor_removed', session);
  await notifyFactorChange(deps, session.accountId, 'factorRemoved', 'eid', name);
  return 'removed';
};
