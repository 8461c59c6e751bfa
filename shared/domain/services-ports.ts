/** The services Passerelle signs people in to, each behind one grant of the account. */
export const SERVICE_GRANTS = ['rcam', 'myintracomm', 'pmo-contact'] as const;
export type ServiceGrant = (typeof SERVICE_GRANTS)[number];

/** A relying party (a service) as ops register it: public, PKCE, its redirect URIs and the grant it requires. */
export interface ServiceClient {
  clientId: string;
  /** Shown to people on refusal pages, e.g. "RCAM en ligne". */
  name?: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  grant: ServiceGrant;
}

/** Registered services, stored where the OpenID provider looks its clients up. */
export interface ServiceClientStore {
  /** Creates or replaces the client of that id. */
  save(client: ServiceClient): Promise<void>;
  find(clientId: string): Promise<ServiceClient | undefined>;
  /** Every registered client, by id. */
  list(): Promise<ServiceClient[]>;
  /** Removes the client: the provider knows it no more, and its tokens open nothing. False when there was none. */
  remove(clientId: string): Promise<boolean>;
}

/** A private JWK of the provider (RS256). */
export type OidcSigningKey = Record<string, unknown> & { kid: string };

/**
 * The signing keys of the OpenID provider, private JWKs, newest first: the first signs, the others
 * stay published so that tokens signed before a rotation still verify. `nextKey` is published too,
 * from `publishedAt` on, but signs nothing until a rotation promotes it: services that cache the
 * JWKS know it before they see a token it signed. `cookieSecrets` sign the provider's own cookies,
 * newest first too.
 */
export interface OidcKeySet {
  signingKeys: OidcSigningKey[];
  nextKey?: { key: OidcSigningKey; publishedAt: string };
  cookieSecrets: string[];
}

/** Where the key set lives: Secrets Manager in AWS, a file (or memory) locally. */
export interface OidcKeyStore {
  current(): Promise<OidcKeySet>;
}
