import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServiceClient } from '#domain/services-ports';

/** The three services `npm start` registers: public clients (PKCE, no secret), one per grant. */
export const demoClients = (origin: string): ServiceClient[] =>
  (
    [
      ['demo-rcam', 'RCAM en ligne (demo)', 'rcam'],
      ['demo-myintracomm', 'My Intracomm (demo)', 'myintracomm'],
      ['demo-pmo-contact', 'PMO-CONTACT (demo)', 'pmo-contact'],
    ] as const
  ).map(([clientId, name, grant]) => ({
    clientId,
    name,
    grant,
    redirectUris: [`${origin}/_local/demo-rp/callback`],
    postLogoutRedirectUris: [`${origin}/_local/demo-rp`],
  }));

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const send = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Demo service</title><link rel="stylesheet" href="/style.css"></head>
<body><main class="ecl-container ecl-u-mv-xl">${body}<p><a class="ecl-link" href="/_local/demo-rp">Demo services</a></p></main></body></html>`);
};

/**
 * A tiny relying party (local only, never deployed) that signs in to each demo service with
 * openid-client, as a real service would (discovery, PKCE, code, ID token, userinfo, logout), and
 * shows the claims it received: "RCAM en ligne" refuses until the next day on the virtual clock.
 */
export const demoRelyingParty = (origin: string) => {
  const client = import('openid-client');
  const configurations = new Map<string, Promise<import('openid-client').Configuration>>();
  const configurationOf = (clientId: string) => {
    if (!configurations.has(clientId)) {
      configurations.set(
        clientId,
        client.then((oidc) => oidc.discovery(new URL(origin), clientId, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] })),
      );
    }
    return configurations.get(clientId)!;
  };
  // Sign-ins in flight, by state: which service, and the PKCE verifier. Forgotten once used.
  const pending = new Map<string, { clientId: string; verifier: string }>();
  const known = new Set(demoClients(origin).map((c) => c.clientId));

  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    if (!url.pathname.startsWith('/_local/demo-rp') || req.method !== 'GET') return false;
    const oidc = await client;
    if (url.pathname === '/_local/demo-rp') {
      send(
        res,
        200,
        `<h1 class="ecl-u-type-heading-1">Demo services</h1><ul>${[...known]
          .map((id) => `<li><a class="ecl-link" id="${id}" href="/_local/demo-rp/login?client=${id}">Sign in to ${id}</a></li>`)
          .join('')}</ul>`,
      );
      return true;
    }
    if (url.pathname === '/_local/demo-rp/login') {
      const clientId = url.searchParams.get('client') ?? '';
      if (!known.has(clientId)) return (send(res, 404, '<p>No such demo service.</p>'), true);
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      pending.set(state, { clientId, verifier });
      const to = oidc.buildAuthorizationUrl(await configurationOf(clientId), {
        redirect_uri: `${origin}/_local/demo-rp/callback`,
        scope: 'openid profile email',
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
      });
      res.writeHead(303, { location: to.href }).end();
      return true;
    }
    if (url.pathname === '/_local/demo-rp/callback') {
      const state = url.searchParams.get('state') ?? '';
      const flight = pending.get(state);
      pending.delete(state);
      if (!flight) return (send(res, 400, '<p>Unknown or used state.</p>'), true);
      if (url.searchParams.has('error')) {
        send(res, 200, `<h1 class="ecl-u-type-heading-1">${escape(flight.clientId)}: refused</h1><p id="error">${escape(url.searchParams.get('error')!)}</p>`);
        return true;
      }
      const configuration = await configurationOf(flight.clientId);
      // The front door's URL has no port: openid-client sends the callback's address as redirect_uri, so it must be the registered one.
      const callback = new URL(`${url.pathname}${url.search}`, origin);
      const tokens = await oidc.authorizationCodeGrant(configuration, callback, { pkceCodeVerifier: flight.verifier, expectedState: state });
      const claims = tokens.claims()!;
      const userinfo = await oidc.fetchUserInfo(configuration, tokens.access_token, claims.sub);
      const logout = oidc.buildEndSessionUrl(configuration, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: `${origin}/_local/demo-rp` });
      send(
        res,
        200,
        `<h1 class="ecl-u-type-heading-1">${escape(flight.clientId)}: signed in</h1>
<h2>ID token</h2><pre id="id-token">${escape(JSON.stringify(claims, null, 2))}</pre>
<h2>userinfo</h2><pre id="userinfo">${escape(JSON.stringify(userinfo, null, 2))}</pre>
<p><a class="ecl-link" id="logout" href="${escape(logout.href)}">Sign out</a></p>`,
      );
      return true;
    }
    return false;
  };
};
