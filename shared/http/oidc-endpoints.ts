/**
 * The OpenID provider's endpoints, as the OpenID Connect specifications define them. They are not
 * JSON APIs of Passerelle's own: the OpenAPI document lists them by path, with the specification
 * that defines each (shared/http/openapi.ts), and the provider mounts them (shared/http/oidc.ts).
 */
export const DISCOVERY_PATH = '/.well-known/openid-configuration';
export const INTERACTION_PATH = '/oidc/interaction';

export interface SpecEndpoint {
  method: 'GET' | 'POST';
  path: string;
  name: string;
  summary: string;
  spec: string;
  /** What a success is: a JSON document, an HTML page, or a redirect back to the service. */
  answers: 'json' | 'html' | 'redirect';
}

export const OIDC_ENDPOINTS: readonly SpecEndpoint[] = [
  {
    method: 'GET',
    path: DISCOVERY_PATH,
    name: 'OpenIdConfiguration',
    summary: 'The provider metadata (issuer, endpoints, PKCE S256, acr values)',
    spec: 'https://openid.net/specs/openid-connect-discovery-1_0.html',
    answers: 'json',
  },
  {
    method: 'GET',
    path: '/oidc/auth',
    name: 'OidcAuthorize',
    summary: 'Authorization request: code flow with PKCE (S256), back to the redirect URI with a code or an error',
    spec: 'https://openid.net/specs/openid-connect-core-1_0.html#AuthorizationEndpoint',
    answers: 'redirect',
  },
  {
    method: 'GET',
    path: `${INTERACTION_PATH}/{uid}`,
    name: 'OidcInteraction',
    summary: "Passerelle's own step of a service's sign-in: to the sign-in page, a refusal page, or back to the service",
    spec: 'https://github.com/panva/node-oidc-provider/blob/main/docs/README.md#interactions',
    answers: 'redirect',
  },
  {
    method: 'POST',
    path: '/oidc/token',
    name: 'OidcToken',
    summary: 'Exchanges a code (once, within a minute) and its PKCE verifier for an ID token and an access token',
    spec: 'https://openid.net/specs/openid-connect-core-1_0.html#TokenEndpoint',
    answers: 'json',
  },
  {
    method: 'GET',
    path: '/oidc/userinfo',
    name: 'OidcUserinfo',
    summary: "The person's claims for a bearer access token",
    spec: 'https://openid.net/specs/openid-connect-core-1_0.html#UserInfo',
    answers: 'json',
  },
  {
    method: 'GET',
    path: '/oidc/jwks',
    name: 'OidcJwks',
    summary: 'The public signing keys: the current one and the previous one (a rotation overlaps)',
    spec: 'https://www.rfc-editor.org/rfc/rfc7517',
    answers: 'json',
  },
  {
    method: 'POST',
    path: '/oidc/token/revocation',
    name: 'OidcRevoke',
    summary: 'Revokes an access token',
    spec: 'https://www.rfc-editor.org/rfc/rfc7009',
    answers: 'json',
  },
  {
    method: 'GET',
    path: '/oidc/session/end',
    name: 'OidcEndSession',
    summary: 'RP-initiated logout: asks the person to confirm',
    spec: 'https://openid.net/specs/openid-connect-rpinitiated-1_0.html',
    answers: 'html',
  },
  {
    method: 'POST',
    path: '/oidc/session/end/confirm',
    name: 'OidcEndSessionConfirm',
    summary: 'Ends the provider session and the Passerelle session, then back to the post-logout redirect URI',
    spec: 'https://openid.net/specs/openid-connect-rpinitiated-1_0.html',
    answers: 'redirect',
  },
];
