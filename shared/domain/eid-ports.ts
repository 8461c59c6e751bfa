/** A national eID provider Passerelle signs in with, as an OpenID Connect client (public client: PKCE, no secret). */
export interface EidProvider {
  /** Ours, in URLs and in the account's links: "fr-eid". */
  id: string;
  /** What the person sees: "France Identité". */
  name: string;
  /** The provider's issuer URL (discovery at its /.well-known/openid-configuration). */
  issuer: string;
  clientId: string;
}

/** Linking an identity to the account (from the account page), or signing in with one already linked. */
export type EidPurpose = 'link' | 'sign_in';

/** An authorization request on its way to the provider: the URL to send the browser to, and what its answer must match. */
export interface EidAuthorization {
  url: string;
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** The person the provider vouched for: its issuer and its subject identifier there (never an email). */
export interface EidIdentity {
  issuer: string;
  subject: string;
}

/** What the provider's redirect carried back to our callback page. */
export interface EidCallback {
  state: string;
  code?: string;
  iss?: string;
  error?: string;
}

/** Speaks OpenID Connect to the providers: builds the request, redeems the code and checks the ID token. */
export interface EidClient {
  authorizationOf(provider: EidProvider, redirectUri: string): Promise<EidAuthorization>;
  /** The identity of a valid answer (state, PKCE, nonce, issuer, signature checked); undefined for any refusal or error. */
  identityOf(provider: EidProvider, redirectUri: string, callback: EidCallback, expected: Omit<EidAuthorization, 'url'>): Promise<EidIdentity | undefined>;
}

/** An authorization in flight, kept server-side under the hash of its state; single use. */
export interface EidFlow {
  stateHash: string;
  purpose: EidPurpose;
  providerId: string;
  nonce: string;
  codeVerifier: string;
  /** The hash of a secret held by the browser that started it (a cookie): only that browser may finish it. */
  browserHash: string;
  /** A link is bound to the session that asked for it: only that session may finish it. */
  sessionHash?: string;
  accountId?: string;
  expiresAt: Date;
}

/** One external identity linked to one account. `linkId` is the hash of (issuer, subject): the key that makes it one account at most. */
export interface EidLink {
  linkId: string;
  accountId: string;
  providerId: string;
  issuer: string;
  subject: string;
  linkedAt: Date;
  lastUsedAt?: Date;
}

/** A linked identity just proven at the provider: it stands in for the password until the second factor, once. */
export interface EidProof {
  proofHash: string;
  accountId: string;
  providerId: string;
  linkId: string;
  expiresAt: Date;
}

export interface EidStore {
  saveFlow(flow: EidFlow): Promise<void>;
  /** Removes and returns a live flow: true for exactly one caller; an expired one is gone too, and undefined. */
  takeFlow(stateHash: string, now: Date): Promise<EidFlow | undefined>;
  /** Links, unless this identity is linked already (to this account or another): false then, and nothing changes. */
  link(link: EidLink): Promise<boolean>;
  /** The link of an identity, by its linkId. */
  find(linkId: string): Promise<EidLink | undefined>;
  listOf(accountId: string): Promise<EidLink[]>;
  markUsed(accountId: string, linkId: string, at: Date): Promise<void>;
  /** The removed link, or undefined when the account has no such link. */
  unlink(accountId: string, linkId: string): Promise<EidLink | undefined>;
  saveProof(proof: EidProof): Promise<void>;
  /** Removes and returns a live proof: it opens one second-factor step. */
  takeProof(proofHash: string, now: Date): Promise<EidProof | undefined>;
}
