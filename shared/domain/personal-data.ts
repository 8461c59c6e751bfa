import { randomUUID } from 'node:crypto';
import type { EidStore } from './eid-ports';
import type { Account, AccountStore } from './accounts-ports';
import type { AuthenticatorAppStore } from './authenticator-apps-ports';
import type { Clock } from './clock';
import { composeEmail } from './emails';
import type { Mailer } from './emails-ports';
import type { FactorResetStore } from './factor-reset-ports';
import { formatDateTime } from './i18n';
import type { PersonalDataStore } from './personal-data-ports';
import type { PhoneStore } from './phones-ports';
import type { CodeRequest, RcamStatus, RcamStore } from './rcam-ports';
import type { RecoveryCodeStore } from './recovery-codes-ports';
import { describeKey } from './security-key-views';
import type { SecurityKeyStore } from './security-keys-ports';
import { entitlementsOf, type Entitlements } from './services';
import type { SecurityEventLog } from './security-events';
import { isSecondFactor } from './sessions';
import type { Session, SessionStore } from './sessions-ports';
import type { Workflows } from './workflows-ports';

/** Where a request's workflow has ended: nothing left to stop. */
const ENDED: ReadonlySet<RcamStatus> = new Set(['rejected', 'review_expired', 'letter_undelivered', 'code_expired', 'complete']);

const iso = (date: Date | undefined): string | undefined => date?.toISOString();

/**
 * Everything Passerelle holds about one person, as they may download it (GDPR art. 15 and 20): the
 * data itself, never a secret, a hash, a token or an internal id that opens something (a session's
 * id, a task token, a cancel link). `SECURITY.md` lists where each part is stored.
 */
export interface PersonalDataExport {
  exportedAt: string;
  account: {
    accountId: string;
    username: string;
    firstName: string;
    lastName: string;
    email: string;
    emailLanguage: string;
    createdAt: string;
    passwordSetAt?: string;
    roles: string[];
  };
  /** The sign-in protection's counters about this account (see README, the lock rules). */
  signInProtection: { attemptsInWindow: number; lastAttemptAt?: string; consecutiveFailures: number; lockNoticeSentAt?: string };
  phones: Array<{ phoneId: string; phoneNumber: string; addedAt: string; lastUsedAt?: string }>;
  /** Apps being added are listed too (with no `confirmedAt`); never their secret. */
  authenticatorApps: Array<{ appId: string; createdAt: string; confirmedAt?: string; lastUsedAt?: string }>;
  securityKeys: Array<ReturnType<typeof describeKey>>;
  /** National eIDs linked to the account: the provider, the issuer and the person's identifier there. */
  eidLinks: Array<{ provider: string; issuer: string; subject: string; linkedAt: string; lastUsedAt?: string }>;
  /** How many recovery codes are left; the codes themselves are kept only as digests and never shown again. */
  recoveryCodes?: { left: number };
  /** Sessions by their dates only: an id would open them. */
  sessions: Array<{ assurance: Session['assurance']; authenticatedAt: string; idleExpiresAt: string; absoluteExpiresAt: string; current: boolean }>;
  secondFactorReset?: { requestedAt: string; resetAt: string; status: 'pending' | 'removing' };
  rcamRequests: Array<{
    requestId: string;
    staffNumber: string;
    lastName: string;
    firstName: string;
    birthDate: string;
    status: RcamStatus;
    submittedAt: string;
    timeline: Array<{ status: RcamStatus; at: string }>;
    deliveredAt?: string;
    codeExpiresAt?: string;
    redeemedAt?: string;
    letter?: { letterId: string; recipient: string; createdAt: string; status: 'queued' | 'sent' | 'delivered'; trackingNumber?: string };
    /** The request's audit trail; a clerk is named `pmo`, the person `you`. */
    audit: Array<{ at: string; actor: string; action: string; details?: Record<string, unknown> }>;
  }>;
  /** The dates the services opened, or open (RCAM en ligne, My Intracomm). */
  entitlements: Entitlements;
}

export interface PersonalDataDeps {
  accounts: AccountStore;
  phones: PhoneStore;
  authenticatorApps: AuthenticatorAppStore;
  securityKeys: SecurityKeyStore;
  recoveryCodes: RecoveryCodeStore;
  eidLinks: EidStore;
  sessions: SessionStore;
  factorResets: FactorResetStore;
  rcam: RcamStore;
  clock: Clock;
}

const exportRequest = async (deps: Pick<PersonalDataDeps, 'rcam'>, request: CodeRequest, accountId: string) => {
  const [letter, audit] = await Promise.all([
    request.letterId ? deps.rcam.findLetter(request.letterId) : Promise.resolve(undefined),
    deps.rcam.auditTrail(request.requestId),
  ]);
  return {
    requestId: request.requestId,
    staffNumber: request.staffNumber,
    lastName: request.lastName,
    firstName: request.firstName,
    birthDate: request.birthDate,
    status: request.status,
    submittedAt: request.submittedAt.toISOString(),
    timeline: request.timeline.map((entry) => ({ status: entry.status, at: entry.at.toISOString() })),
    deliveredAt: iso(request.deliveredAt),
    codeExpiresAt: iso(request.codeExpiresAt),
    redeemedAt: iso(request.redeemedAt),
    letter: letter && {
      letterId: letter.letterId,
      recipient: letter.recipient,
      createdAt: letter.createdAt.toISOString(),
      status: letter.status,
      trackingNumber: letter.trackingNumber,
    },
    audit: audit.map((record) => ({
      at: record.at.toISOString(),
      // The clerks' names are theirs, not this person's data.
      actor: record.actor === 'workflow' ? 'workflow' : record.actorAccountId === accountId || record.actor === accountId ? 'you' : 'pmo',
      action: record.action,
      details: record.details,
    })),
  };
};

/**
 * The person's own data, whole. A session proven by a password alone gets it only while the account
 * has no second factor (what the password alone protects is then all there is); otherwise it would
 * give whoever guessed the password the phone numbers that `/me` masks from them.
 */
export const exportPersonalData = async (deps: PersonalDataDeps, session: Session): Promise<PersonalDataExport | 'step_up_required' | 'gone'> => {
  const { accountId } = session;
  const [account, phones, apps, keys, codes, sessions, reset, requests, eidLinks] = await Promise.all([
    deps.accounts.findById(accountId),
    deps.phones.list(accountId),
    deps.authenticatorApps.list(accountId),
    deps.securityKeys.list(accountId),
    deps.recoveryCodes.find(accountId),
    deps.sessions.listOf(accountId),
    deps.factorResets.find(accountId),
    deps.rcam.requestsOf(accountId),
    deps.eidLinks.listOf(accountId),
  ]);
  if (!account) return 'gone';
  const hasFactor = phones.length > 0 || apps.some((app) => app.confirmedAt) || keys.length > 0 || (codes?.left ?? 0) > 0;
  if (hasFactor && !isSecondFactor(session.assurance)) return 'step_up_required';
  const now = deps.clock.now();
  const current = requests.at(-1);
  return {
    exportedAt: now.toISOString(),
    account: {
      accountId: account.accountId,
      username: account.username,
      firstName: account.firstName,
      lastName: account.lastName,
      email: account.email,
      emailLanguage: account.emailLanguage,
      createdAt: account.createdAt,
      passwordSetAt: account.passwordSetAt,
      roles: account.roles ?? [],
    },
    signInProtection: {
      attemptsInWindow: account.signInAttempts ?? 0,
      lastAttemptAt: account.lastSignInAttemptAt === undefined ? undefined : new Date(account.lastSignInAttemptAt).toISOString(),
      consecutiveFailures: account.consecutiveFailedSignIns ?? 0,
      lockNoticeSentAt: account.lockNoticeSentAt === undefined ? undefined : new Date(account.lockNoticeSentAt).toISOString(),
    },
    phones: phones.map((phone) => ({
      phoneId: phone.phoneId,
      phoneNumber: phone.phoneNumber,
      addedAt: phone.addedAt.toISOString(),
      lastUsedAt: iso(phone.lastUsedAt),
    })),
    authenticatorApps: apps.map((app) => ({
      appId: app.appId,
      createdAt: app.createdAt.toISOString(),
      confirmedAt: iso(app.confirmedAt),
      lastUsedAt: iso(app.lastUsedAt),
    })),
    securityKeys: keys.map(describeKey),
    eidLinks: eidLinks.map((link) => ({
      provider: link.providerId,
      issuer: link.issuer,
      subject: link.subject,
      linkedAt: link.linkedAt.toISOString(),
      lastUsedAt: iso(link.lastUsedAt),
    })),
    recoveryCodes: codes && { left: codes.left },
    sessions: sessions.map((s) => ({
      assurance: s.assurance,
      authenticatedAt: s.authenticatedAt.toISOString(),
      idleExpiresAt: s.idleExpiresAt.toISOString(),
      absoluteExpiresAt: s.absoluteExpiresAt.toISOString(),
      current: s.sessionHash === session.sessionHash,
    })),
    secondFactorReset: reset && { requestedAt: reset.requestedAt.toISOString(), resetAt: reset.resetAt.toISOString(), status: reset.status },
    rcamRequests: await Promise.all(requests.map((request) => exportRequest(deps, request, accountId))),
    entitlements: entitlementsOf(current, account, now),
  };
};

export type ErasureOutcome = 'erased' | 'step_up_required' | 'confirmation_mismatch' | 'gone';

export interface ErasureDeps {
  accounts: AccountStore;
  factorResets: FactorResetStore;
  rcam: RcamStore;
  personalData: PersonalDataStore;
  workflows: Workflows;
  mailer: Mailer;
  securityEvents: SecurityEventLog;
  clock: Clock;
}

/** Whether what the person typed is the account's email (as emails are compared: trimmed, case aside). */
const confirms = (account: Account, confirmation: string): boolean => confirmation.trim().toLowerCase() === account.email.trim().toLowerCase();

/**
 * "Delete my account" (GDPR art. 17), for a session proven by a second factor and the account's
 * email typed as confirmation. The workflows in flight stop first (an RCAM request waiting for the
 * PMO, a letter or its code; a lost-phone reset waiting its 72 hours), so that no step writes for
 * the account again; then every item of the account goes, its RCAM requests' audit trails staying
 * under a random pseudonym; last, the old address is told.
 */
export const eraseAccount = async (deps: ErasureDeps, session: Session, confirmation: string): Promise<ErasureOutcome> => {
  if (!isSecondFactor(session.assurance)) return 'step_up_required';
  const account = await deps.accounts.findById(session.accountId);
  if (!account) return 'gone';
  if (!confirms(account, confirmation)) return 'confirmation_mismatch';
  const { accountId } = account;
  const [requests, reset] = await Promise.all([deps.rcam.requestsOf(accountId), deps.factorResets.find(accountId)]);
  const running = requests.filter((request) => !ENDED.has(request.status));
  await Promise.all([
    ...running.map((request) => deps.workflows.stopRcamEnrollment(request.requestId)),
    ...(reset ? [deps.workflows.stopSecondFactorReset(reset.resetId)] : []),
  ]);
  // One pseudonym per erasure, random: the trails of one person's requests still read as one actor's, and lead back to no one.
  const pseudonym = `erased-${randomUUID()}`;
  const now = deps.clock.now();
  await Promise.all(
    requests.map((request) =>
      deps.rcam.audit({
        requestId: request.requestId,
        at: now,
        actor: pseudonym,
        action: 'account_erased',
        details: { statusAtErasure: request.status, workflowStopped: running.includes(request) },
      }),
    ),
  );
  await deps.personalData.erase(account, pseudonym);
  deps.securityEvents.record({
    type: 'account_erased',
    accountId,
    outcome: 'success',
    details: { rcamWorkflowsStopped: running.length, factorResetStopped: reset !== undefined },
  });
  await deps.mailer.send(
    composeEmail(account.email, account.emailLanguage, 'accountErased', {
      firstName: account.firstName,
      lastName: account.lastName,
      username: account.username,
      at: formatDateTime(account.emailLanguage, now),
    }),
  );
  return 'erased';
};
