import type { AccountStore } from './accounts-ports';
import type { Clock } from './clock';
import type { Language } from './languages';
import type { RcamStore } from './rcam-ports';
import { RULES } from './rules';
import { SERVICE_GRANTS, type OidcKeySet, type OidcSigningKey, type ServiceClient, type ServiceGrant } from './services-ports';
import { authenticate, isSecondFactor, type SessionDeps } from './sessions';
import type { Session } from './sessions-ports';

export type EntitlementStatus = 'none' | 'pending' | 'active';
export interface Entitlement {
  status: EntitlementStatus;
  availableFrom?: string;
}
export interface Entitlements {
  rcam: Entitlement;
  myIntracomm: Entitlement;
  pmoContact: Entitlement;
}

/** A grant is pending until its time, then active (read from the clock, not from the workflow). */
const grant = (availableFrom: Date | string | undefined, now: Date): Entitlement =>
  availableFrom ? { status: new Date(availableFrom) <= now ? 'active' : 'pending', availableFrom: new Date(availableFrom).toISOString() } : { status: 'none' };

/**
 * The account's three grants: RCAM en ligne the day after the letter's code, My Intracomm 48 hours
 * after it, PMO-CONTACT from the account's first sign-in proven by SMS.
 */
export const entitlementsOf = (
  request: { rcamAvailableAt?: Date; myIntracommAvailableAt?: Date } | undefined,
  account: { pmoContactAvailableAt?: string },
  now: Date,
): Entitlements => ({
  rcam: grant(request?.rcamAvailableAt, now),
  myIntracomm: grant(request?.myIntracommAvailableAt, now),
  pmoContact: grant(account.pmoContactAvailableAt, now),
});

const ENTITLEMENT_OF: Record<ServiceGrant, keyof Entitlements> = { rcam: 'rcam', myintracomm: 'myIntracomm', 'pmo-contact': 'pmoContact' };

/** The `acr` an ID token carries: which factor proved the session (the values the discovery document lists). */
export const ACR_VALUES = {
  sms: 'urn:passerelle:acr:sms',
  totp: 'urn:passerelle:acr:totp',
  webauthn: 'urn:passerelle:acr:webauthn',
  recovery_code: 'urn:passerelle:acr:recovery_code',
} as const satisfies Partial<Record<Session['assurance'], string>>;

/** RFC 8176 authentication method references for each way a session was proven. */
const AMR: Record<Session['assurance'], string[]> = {
  password: ['pwd'],
  sms: ['pwd', 'sms', 'mfa'],
  totp: ['pwd', 'otp', 'mfa'],
  // A security key after the password, or a passkey with user verification alone: a hardware-bound key either way.
  webauthn: ['hwk', 'mfa'],
  // Look-up secrets have no RFC 8176 value of their own: a second thing known, besides the password.
  recovery_code: ['pwd', 'mfa'],
};

/** The session's amr: after a national eID, "eid" (not registered by RFC 8176, which allows that) in place of "pwd". */
const amrOf = (session: Session): string[] =>
  session.firstFactor === 'eid' ? ['eid', ...AMR[session.assurance].filter((method) => method !== 'pwd')] : AMR[session.assurance];

export type ServiceAuthorization =
  /** No live session proven by a second factor: the person signs in on Passerelle's own pages first. */
  | { outcome: 'sign_in_required' }
  /** Signed in, but the service's grant is not open: `opensAt` when it is pending, absent when nothing is on its way. */
  | { outcome: 'not_yet_open' | 'not_granted'; accountId: string; language: Language; opensAt?: Date }
  | { outcome: 'allowed'; accountId: string; acr: string; amr: string[]; authTime: number };

/**
 * Whether the person behind `sessionToken` may sign in to a service that requires `required`: a
 * live Passerelle session with a second factor, and the grant open now. Every authorization request
 * asks again, so a session that ended or a grant that is not open yet never yields a code.
 */
export const authorizeService = async (
  deps: SessionDeps & { accounts: AccountStore; rcam: RcamStore; clock: Clock },
  sessionToken: string | undefined,
  required: ServiceGrant | undefined,
): Promise<ServiceAuthorization> => {
  const session = await authenticate(deps, sessionToken);
  if (!session || !isSecondFactor(session.assurance)) return { outcome: 'sign_in_required' };
  const [account, request] = await Promise.all([deps.accounts.findById(session.accountId), deps.rcam.currentOf(session.accountId)]);
  if (!account) return { outcome: 'sign_in_required' };
  if (required) {
    const entitlement = entitlementsOf(request, account, deps.clock.now())[ENTITLEMENT_OF[required]];
    if (entitlement.status !== 'active') {
      return {
        outcome: entitlement.status === 'pending' ? 'not_yet_open' : 'not_granted',
        accountId: account.accountId,
        language: account.emailLanguage,
        ...(entitlement.availableFrom && { opensAt: new Date(entitlement.availableFrom) }),
      };
    }
  }
  return {
    outcome: 'allowed',
    accountId: account.accountId,
    acr: ACR_VALUES[session.assurance as keyof typeof ACR_VALUES],
    amr: amrOf(session),
    authTime: Math.floor(session.authenticatedAt.getTime() / 1000),
  };
};

/** The claims a service may read of an account, by OpenID scope (openid, profile, email). */
export const claimsOf = (account: {
  accountId: string;
  username: string;
  firstName: string;
  lastName: string;
  email: string;
  emailLanguage: string;
}): Record<string, unknown> => ({
  sub: account.accountId,
  preferred_username: account.username,
  given_name: account.firstName,
  family_name: account.lastName,
  name: `${account.firstName} ${account.lastName}`,
  locale: account.emailLanguage,
  email: account.email,
  // The address received the activation link, whose use set the password.
  email_verified: true,
});

/** Whether the next key has been published long enough to sign: every service's cached JWKS has it by now. */
export const nextKeyReady = (keys: OidcKeySet, now: Date): boolean =>
  keys.nextKey !== undefined &&
  now.getTime() - new Date(keys.nextKey.publishedAt).getTime() >= (RULES.oidcJwksCacheSeconds + RULES.oidcKeySetCacheSeconds) * 1000;

/**
 * A rotation of the signing keys. The next key, published since the previous rotation, signs from
 * now on; the key that signed until now stays published for the tokens it signed; the one before
 * it goes; a new next key is published. A first rotation (no key yet) makes a signing key and a
 * next key; a key set without a next key (or whose next key is too recent to sign: see
 * `nextKeyReady`) gets one and keeps its signing key. Cookie secrets rotate with each promotion.
 */
export const rotateKeySet = (current: OidcKeySet, now: Date, newKey: () => OidcSigningKey, newCookieSecret: () => string): OidcKeySet => {
  const next = () => ({ key: newKey(), publishedAt: now.toISOString() });
  if (!current.signingKeys.length) return { signingKeys: [newKey()], nextKey: next(), cookieSecrets: [newCookieSecret()] };
  if (!current.nextKey) return { ...current, nextKey: next() };
  if (!nextKeyReady(current, now)) return current;
  return {
    signingKeys: [current.nextKey.key, current.signingKeys[0]],
    nextKey: next(),
    cookieSecrets: [newCookieSecret(), ...current.cookieSecrets.slice(0, 1)],
  };
};

/** The provider's published keys: the one that signs first, then the one published ahead of its turn, then the retiring one. */
export const publishedKeys = (keys: OidcKeySet): OidcSigningKey[] => [
  ...keys.signingKeys.slice(0, 1),
  ...(keys.nextKey ? [keys.nextKey.key] : []),
  ...keys.signingKeys.slice(1),
];

/**
 * `register-client <clientId> --grant <grant> --redirect-uri <uri>... [--post-logout-redirect-uri <uri>...] [--name <name>]`
 * as a client, or what is wrong with it. Redirect URIs are https, or http on localhost (a service in development).
 */
export const parseClientRegistration = (args: readonly string[]): { client: ServiceClient } | { problem: string } => {
  const [clientId, ...rest] = args;
  if (!clientId || !/^[a-z0-9][a-z0-9-]{2,63}$/.test(clientId)) return { problem: 'the client id: 3-64 lower-case letters, digits and hyphens' };
  const values: Record<string, string[]> = {};
  for (let i = 0; i < rest.length; i += 2) {
    const [flag, value] = [rest[i], rest[i + 1]];
    if (!['--grant', '--redirect-uri', '--post-logout-redirect-uri', '--name'].includes(flag) || value === undefined)
      return { problem: `unknown or empty option ${flag}` };
    (values[flag] ??= []).push(value);
  }
  const grant = values['--grant']?.[0];
  if (!grant || values['--grant'].length > 1 || !(SERVICE_GRANTS as readonly string[]).includes(grant)) {
    return { problem: `--grant: one of ${SERVICE_GRANTS.join(', ')}` };
  }
  const uris = [...(values['--redirect-uri'] ?? []), ...(values['--post-logout-redirect-uri'] ?? [])];
  const acceptable = (uri: string) => {
    try {
      const url = new URL(uri);
      return !url.hash && (url.protocol === 'https:' || (url.protocol === 'http:' && url.hostname === 'localhost'));
    } catch {
      return false;
    }
  };
  if (!values['--redirect-uri']?.length) return { problem: '--redirect-uri: at least one' };
  const wrong = uris.find((uri) => !acceptable(uri));
  if (wrong) return { problem: `${wrong}: an https address without a fragment (or http://localhost)` };
  return {
    client: {
      clientId,
      grant: grant as ServiceGrant,
      redirectUris: values['--redirect-uri'],
      postLogoutRedirectUris: values['--post-logout-redirect-uri'] ?? [],
      ...(values['--name'] && { name: values['--name'][0] }),
    },
  };
};
