import Provider, { errors, interactionPolicy, type Adapter, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { formatDateTime } from '#domain/i18n';
import { negotiateLanguage, type Language } from '#domain/languages';
import { RULES } from '#domain/rules';
import { ACR_VALUES, authorizeService, claimsOf, publishedKeys, type ServiceAuthorization } from '#domain/services';
import { SERVICE_GRANTS, type OidcKeySet, type ServiceGrant } from '#domain/services-ports';
import { closeSession, type SessionDeps } from '#domain/sessions';
import type { AccountStore } from '#domain/accounts-ports';
import type { Clock } from '#domain/clock';
import type { RcamStore } from '#domain/rcam-ports';
import type { SecurityEventLog } from '#domain/security-events';
import { logger } from '#adapters/logger';
import { clearedSessionCookie, SESSION_COOKIE } from './responses';
import { DISCOVERY_PATH, INTERACTION_PATH } from './oidc-endpoints';
import { bouncePage, errorPage, logoutPage, loggedOutPage, refusalPage } from './oidc-pages';

/** Where the provider's endpoints live: discovery at the origin's /.well-known, everything else under /oidc. */
export const OIDC_ROUTES = {
  authorization: '/oidc/auth',
  token: '/oidc/token',
  userinfo: '/oidc/userinfo',
  jwks: '/oidc/jwks',
  end_session: '/oidc/session/end',
  revocation: '/oidc/token/revocation',
  introspection: '/oidc/token/introspection',
  registration: '/oidc/reg',
  pushed_authorization_request: '/oidc/request',
  code_verification: '/oidc/device',
  device_authorization: '/oidc/device/auth',
  backchannel_authentication: '/oidc/backchannel',
  challenge: '/oidc/challenge',
  credential: '/oidc/credential',
} as const;
export { DISCOVERY_PATH, INTERACTION_PATH };

export interface OidcDeps extends SessionDeps {
  accounts: AccountStore;
  rcam: RcamStore;
  clock: Clock;
  securityEvents: SecurityEventLog;
  publicOrigin: string;
}

const sessionTokenOf = (ctx: KoaContextWithOIDC): string | undefined => ctx.cookies.get(SESSION_COOKIE, { signed: false }) || undefined;

const grantOf = (client: { metadata(): Record<string, unknown> } | undefined): ServiceGrant | undefined =>
  client?.metadata().passerelle_grant as ServiceGrant | undefined;

const languageOf = (ctx: KoaContextWithOIDC): Language => negotiateLanguage(ctx.get('accept-language'));

const html = (ctx: KoaContextWithOIDC, status: number, body: string) => {
  ctx.status = status;
  ctx.type = 'html';
  ctx.set('cache-control', 'no-store');
  // The site's stylesheet, nothing else; no framing. Forms may post back here and be redirected to the service.
  ctx.set('content-security-policy', "default-src 'none'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'");
  ctx.set('x-content-type-options', 'nosniff');
  ctx.set('referrer-policy', 'no-referrer');
  ctx.body = body;
};

/**
 * The OpenID provider of the services (oidc-provider by panva): authorization code with PKCE,
 * discovery, JWKS, userinfo, RP-initiated logout. Passerelle's own sign-in is the login: every
 * authorization request asks `authorizeService` (a live session with a second factor, the
 * service's grant open) through a check of the login prompt, so a Passerelle session that ended
 * or a grant not yet open never yields a code, and a person already signed in gets one at once.
 */
export const buildOidcProvider = (deps: OidcDeps, keys: OidcKeySet, adapter: (model: string) => Adapter): Provider => {
  const authorizationOf = async (ctx: KoaContextWithOIDC): Promise<ServiceAuthorization> =>
    ((ctx.state as { passerelle?: ServiceAuthorization }).passerelle ??= await authorizeService(deps, sessionTokenOf(ctx), grantOf(ctx.oidc.client)));

  const policy = interactionPolicy.base();
  const { Check } = interactionPolicy;
  const login = policy.get('login')!;
  // First: someone signed in whose grant is not open is refused, `access_denied`, whatever else
  // the request asks; with prompt=none too, where the service gets the error at once.
  login.checks.add(
    new Check('passerelle_grant', 'The service is not open to this account', 'access_denied', async (ctx) => {
      const { outcome } = await authorizationOf(ctx);
      return outcome === 'not_yet_open' || outcome === 'not_granted' ? Check.REQUEST_PROMPT : Check.NO_NEED_TO_PROMPT;
    }),
    0,
  );
  // Then: no live Passerelle session proven by a second factor (or another person's) is a sign-in to do, `login_required`.
  login.checks.add(
    new Check('passerelle_session', 'A Passerelle session proven by a second factor', 'login_required', async (ctx) => {
      const authorization = await authorizationOf(ctx);
      return authorization.outcome === 'allowed' && authorization.accountId === ctx.oidc.session?.accountId ? Check.NO_NEED_TO_PROMPT : Check.REQUEST_PROMPT;
    }),
  );

  const configuration: Configuration = {
    adapter,
    clients: [],
    findAccount: async (_ctx, sub) => {
      const account = await deps.accounts.findById(sub);
      if (!account) return undefined;
      const claims = claimsOf(account);
      return { accountId: sub, claims: () => claims as { sub: string } };
    },
    claims: {
      // With `openid`, every ID token says which factor proved the session (acr), how (amr, RFC 8176) and when (auth_time).
      acr: null,
      sid: null,
      auth_time: null,
      iss: null,
      openid: ['sub', 'acr', 'amr', 'auth_time'],
      profile: ['name', 'given_name', 'family_name', 'preferred_username', 'locale'],
      email: ['email', 'email_verified'],
    },
    scopes: ['openid', 'profile', 'email'],
    acrValues: Object.values(ACR_VALUES),
    responseTypes: ['code'],
    pkce: { required: () => true },
    extraClientMetadata: {
      properties: ['passerelle_grant'],
      validator: (_ctx, key, value) => {
        if (key === 'passerelle_grant' && !(SERVICE_GRANTS as readonly unknown[]).includes(value)) {
          throw new errors.InvalidClientMetadata('passerelle_grant must be one of rcam, myintracomm, pmo-contact');
        }
      },
    },
    clientBasedCORS: (_ctx, origin, client) => client.redirectUris?.some((uri) => new URL(uri).origin === origin) ?? false,
    routes: OIDC_ROUTES,
    interactions: { url: (_ctx, interaction) => `${INTERACTION_PATH}/${interaction.uid}`, policy },
    // The signing key first (the provider signs with the first RS256 key), then those that only verify.
    jwks: { keys: publishedKeys(keys) },
    cookies: {
      keys: keys.cookieSecrets,
      long: { httpOnly: true, sameSite: 'lax' },
      short: { httpOnly: true, sameSite: 'lax' },
    },
    ttl: {
      AuthorizationCode: RULES.oidcCodeSeconds,
      AccessToken: RULES.oidcAccessTokenSeconds,
      IdToken: RULES.oidcAccessTokenSeconds,
      Interaction: RULES.oidcInteractionSeconds,
      Session: RULES.sessionAbsoluteSeconds,
      Grant: RULES.sessionAbsoluteSeconds,
    },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => html(ctx, 200, logoutPage(languageOf(ctx), form)),
        postLogoutSuccessSource: (ctx) => html(ctx, 200, loggedOutPage(languageOf(ctx))),
      },
    },
    renderError: (ctx, out) => html(ctx, ctx.status >= 400 ? ctx.status : 400, errorPage(languageOf(ctx), out.error)),
  };

  const provider = new Provider(deps.publicOrigin, configuration);
  // Behind CloudFront and API Gateway (x-forwarded-proto: https): the provider's cookies are Secure there.
  provider.proxy = true;

  // The provider answers its own errors (server_error, no internals); the log keeps what went wrong.
  provider.on('server_error', (_ctx: unknown, error: Error) => logger.error('OpenID provider error', { errorName: error.name, error }));

  // prompt=none refused for the grant: the interaction page that records the refusal never runs.
  provider.on('authorization.error', (ctx: KoaContextWithOIDC, error: { error?: string }) => {
    const authorization = (ctx.state as { passerelle?: ServiceAuthorization }).passerelle;
    if (error.error !== 'access_denied' || !authorization || !('accountId' in authorization) || authorization.outcome === 'allowed') return;
    deps.securityEvents.record({
      type: 'service_refused',
      accountId: authorization.accountId,
      outcome: authorization.outcome,
      details: { clientId: ctx.oidc.client?.clientId, grant: grantOf(ctx.oidc.client), prompt: 'none' },
    });
  });

  provider.on('end_session.success', (ctx: KoaContextWithOIDC) => {
    if (ctx.oidc.params?.logout) (ctx.state as { endPasserelleSession?: boolean }).endPasserelleSession = true;
  });

  provider.use(async (ctx, next) => {
    const interaction = new RegExp(`^${INTERACTION_PATH}/([\\w-]+)(/abort)?$`).exec(ctx.path);
    if (interaction && ctx.method === 'GET') {
      try {
        return await interact(ctx as KoaContextWithOIDC, Boolean(interaction[2]));
      } catch (error) {
        // An interaction that is over, expired or not this browser's: a page, never a bare 500.
        if (!(error instanceof errors.OIDCProviderError)) throw error;
        return html(ctx as KoaContextWithOIDC, error.statusCode, errorPage(languageOf(ctx as KoaContextWithOIDC), error.error));
      }
    }
    await next();
    // Services may keep the JWKS this long: every key is published at least as long before it signs.
    if (ctx.path === OIDC_ROUTES.jwks && ctx.status === 200) ctx.set('cache-control', `public, max-age=${RULES.oidcJwksCacheSeconds}`);
    // Signing out of a service through Passerelle signs out of Passerelle too (the person chose "yes").
    const token = sessionTokenOf(ctx as KoaContextWithOIDC);
    if ((ctx.state as { endPasserelleSession?: boolean }).endPasserelleSession && token) {
      await closeSession(deps, token);
      ctx.append('set-cookie', clearedSessionCookie);
    }
  });

  /**
   * The interaction: no live session with a second factor, to the sign-in page and back here;
   * a grant not open, a page that says so (and when it opens) and `access_denied` to the service;
   * otherwise the login and the consent at once, with the factor that proved the session.
   */
  const interact = async (ctx: KoaContextWithOIDC, abort: boolean) => {
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    const client = await provider.Client.find(details.params.client_id as string);
    const authorization = await authorizeService(deps, sessionTokenOf(ctx), grantOf(client));
    const finish = async (result: Parameters<Provider['interactionResult']>[2]) => {
      ctx.status = 303;
      ctx.redirect(await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false }));
    };
    if (abort) return finish({ error: 'access_denied', error_description: 'The service is not open to this account' });
    if (authorization.outcome === 'sign_in_required') {
      // A browser arriving from the service's site does not send the SameSite=Strict session
      // cookie; one navigation started from this origin does. Then, still nothing: sign in.
      if (!ctx.query.bounced && !sessionTokenOf(ctx)) return html(ctx, 200, bouncePage(`${INTERACTION_PATH}/${details.uid}?bounced=1`));
      ctx.status = 303;
      return ctx.redirect(`/sign-in?next=${encodeURIComponent(`${INTERACTION_PATH}/${details.uid}`)}`);
    }
    if (authorization.outcome !== 'allowed') {
      deps.securityEvents.record({
        type: 'service_refused',
        accountId: authorization.accountId,
        outcome: authorization.outcome,
        details: { clientId: client?.clientId, grant: grantOf(client) },
      });
      const { language, opensAt } = authorization;
      return html(
        ctx,
        403,
        refusalPage(language, {
          service: client?.clientName ?? client?.clientId ?? '',
          opensAt: opensAt && formatDateTime(language, opensAt),
          continueTo: `${INTERACTION_PATH}/${details.uid}/abort`,
        }),
      );
    }
    const grant = details.grantId
      ? ((await provider.Grant.find(details.grantId)) ?? new provider.Grant({ accountId: authorization.accountId, clientId: client!.clientId }))
      : new provider.Grant({ accountId: authorization.accountId, clientId: client!.clientId });
    grant.addOIDCScope(typeof details.params.scope === 'string' ? details.params.scope : 'openid');
    const missingClaims = (details.prompt.details as { missingOIDCClaims?: string[] }).missingOIDCClaims;
    if (missingClaims) grant.addOIDCClaims(missingClaims);
    const grantId = await grant.save();
    deps.securityEvents.record({ type: 'service_sign_in', accountId: authorization.accountId, outcome: 'success', details: { clientId: client?.clientId } });
    return finish({
      login: { accountId: authorization.accountId, acr: authorization.acr, amr: authorization.amr, ts: authorization.authTime, remember: false },
      consent: { grantId },
    });
  };

  return provider;
};
