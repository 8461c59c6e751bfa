import { RULES } from '#domain/rules';
import { entitlementsOf, parseClientRegistration, publishedKeys, rotateKeySet } from '#domain/services';
import type { OidcKeySet } from '#domain/services-ports';

describe("services (the OpenID provider's rules)", () => {
  describe('parseClientRegistration', () => {
    it('takes a client id, one grant and https redirect URIs', () => {
      expect(
        parseClientRegistration(['svc-1', '--grant', 'pmo-contact', '--redirect-uri', 'https://a.example.eu/cb', '--redirect-uri', 'http://localhost:8080/cb']),
      ).toEqual({
        client: { clientId: 'svc-1', grant: 'pmo-contact', redirectUris: ['https://a.example.eu/cb', 'http://localhost:8080/cb'], postLogoutRedirectUris: [] },
      });
    });
    it.each([
      [['svc-1', '--grant', 'rcam', '--redirect-uri', 'http://a.example.eu/cb'], 'an https address'],
      [['svc-1', '--grant', 'rcam', '--redirect-uri', 'https://a.example.eu/cb#x'], 'without a fragment'],
      [['svc-1', '--grant', 'everything', '--redirect-uri', 'https://a.example.eu/cb'], '--grant'],
      [['svc-1', '--grant', 'rcam'], '--redirect-uri'],
      [['Svc 1', '--grant', 'rcam', '--redirect-uri', 'https://a.example.eu/cb'], 'client id'],
      [['svc-1', '--grant', 'rcam', '--redirect-uri'], 'empty option'],
    ])('refuses %j', (args, problem) => {
      expect(parseClientRegistration(args)).toEqual({ problem: expect.stringContaining(problem) });
    });
  });

  it('a grant is pending until its second, then active; PMO-CONTACT from its first SMS sign-in', () => {
    const at = new Date('2026-12-03T00:00:00Z');
    const request = { rcamAvailableAt: at };
    expect(entitlementsOf(request, {}, new Date(at.getTime() - 1000)).rcam.status).toBe('pending');
    expect(entitlementsOf(request, {}, at).rcam.status).toBe('active');
    expect(entitlementsOf(undefined, { pmoContactAvailableAt: at.toISOString() }, at)).toEqual({
      rcam: { status: 'none' },
      myIntracomm: { status: 'none' },
      pmoContact: { status: 'active', availableFrom: at.toISOString() },
    });
  });

  describe('a rotation of the signing keys', () => {
    const published = new Date('2026-12-01T00:00:00Z');
    const keys = { signingKeys: [{ kid: 'b' }, { kid: 'a' }], nextKey: { key: { kid: 'c' }, publishedAt: published.toISOString() }, cookieSecrets: ['y', 'x'] };
    const ready = (RULES.oidcJwksCacheSeconds + RULES.oidcKeySetCacheSeconds) * 1000;
    const rotate = (current: OidcKeySet, at: Date) =>
      rotateKeySet(
        current,
        at,
        () => ({ kid: 'd' }),
        () => 'z',
      );

    it('promotes the key published at the previous rotation, keeps the one that signed until now, retires the oldest, publishes a new one', () => {
      const at = new Date(published.getTime() + ready);
      expect(rotate(keys, at)).toEqual({
        signingKeys: [{ kid: 'c' }, { kid: 'b' }],
        nextKey: { key: { kid: 'd' }, publishedAt: at.toISOString() },
        cookieSecrets: ['z', 'y'],
      });
      expect(publishedKeys(rotate(keys, at)).map((key) => key.kid)).toEqual(['c', 'd', 'b']);
    });

    it('promotes nothing 1 second before the next key has been published for the JWKS cache and the key set cache', () => {
      expect(rotate(keys, new Date(published.getTime() + ready - 1000))).toEqual(keys);
    });

    it('a first rotation makes a key that signs and one published ahead; a key set without a next key gets one, its signing key unchanged', () => {
      const at = new Date('2026-12-02T00:00:00Z');
      expect(rotate({ signingKeys: [], cookieSecrets: [] }, at)).toEqual({
        signingKeys: [{ kid: 'd' }],
        nextKey: { key: { kid: 'd' }, publishedAt: at.toISOString() },
        cookieSecrets: ['z'],
      });
      const { nextKey: _none, ...older } = keys;
      expect(rotate(older, at)).toEqual({ ...older, nextKey: { key: { kid: 'd' }, publishedAt: at.toISOString() } });
    });
  });
});
