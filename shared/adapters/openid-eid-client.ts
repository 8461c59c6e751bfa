import * as oidc from 'openid-client';
import type { EidAuthorization, EidCallback, EidClient, EidIdentity, EidProvider } from '#domain/eid-ports';

/** Only a provider on this machine (the local stand-in) is spoken to over plain HTTP; config refuses any other. */
const isLocal = (issuer: string): boolean => ['localhost', '127.0.0.1'].includes(new URL(issuer).hostname);

/**
 * The national eID providers through openid-client (by panva): discovery once per provider and
 * container, then the authorization code flow with PKCE (S256), state and nonce, as a public
 * client. `prompt=login`: the card is presented now, not remembered from an earlier visit. Only
 * `openid` is asked: Passerelle keeps the subject identifier and needs nothing else.
 */
export const openIdEidClient = (): EidClient => {
  const configurations = new Map<string, Promise<oidc.Configuration>>();
  const configurationOf = (provider: EidProvider): Promise<oidc.Configuration> => {
    let configuration = configurations.get(provider.id);
    if (!configuration) {
      configuration = oidc.discovery(new URL(provider.issuer), provider.clientId, undefined, oidc.None(), {
        execute: isLocal(provider.issuer) ? [oidc.allowInsecureRequests] : [],
      });
      // A provider down at the first try is asked again next time.
      configuration.catch(() => configurations.delete(provider.id));
      configurations.set(provider.id, configuration);
    }
    return configuration;
  };

  return {
    async authorizationOf(provider: EidProvider, redirectUri: string): Promise<EidAuthorization> {
      const configuration = await configurationOf(provider);
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const url = oidc.buildAuthorizationUrl(configuration, {
        redirect_uri: redirectUri,
        scope: 'openid',
        response_type: 'code',
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
        prompt: 'login',
      });
      return { url: url.href, state, nonce, codeVerifier };
    },

    async identityOf(provider: EidProvider, redirectUri: string, callback: EidCallback, expected): Promise<EidIdentity | undefined> {
      if (callback.error || !callback.code) return undefined;
      const configuration = await configurationOf(provider);
      const answer = new URL(redirectUri);
      answer.searchParams.set('code', callback.code);
      answer.searchParams.set('state', callback.state);
      if (callback.iss) answer.searchParams.set('iss', callback.iss);
      try {
        const tokens = await oidc.authorizationCodeGrant(configuration, answer, {
          pkceCodeVerifier: expected.codeVerifier,
          expectedState: expected.state,
          expectedNonce: expected.nonce,
          idTokenExpected: true,
        });
        const claims = tokens.claims();
        return claims ? { issuer: claims.iss, subject: claims.sub } : undefined;
      } catch (error) {
        // A refused answer (wrong code, replayed, a token that does not check out) is a value; the provider down is not.
        if (error instanceof oidc.ResponseBodyError || error instanceof oidc.AuthorizationResponseError) return undefined;
        if (error instanceof Error && 'code' in error && String((error as { code: unknown }).code).startsWith('OAUTH_')) return undefined;
        throw error;
      }
    },
  };
};
