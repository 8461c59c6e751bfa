import { entitlementsOf, parseClientRegistration, rotateKeySet } from '#domain/services';

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

  it('a rotation puts the new key first, keeps the one that signed until now, and retires the oldest', () => {
    const keys = { signingKeys: [{ kid: 'b' }, { kid: 'a' }], cookieSecrets: ['y', 'x'] };
    expect(rotateKeySet(keys, { kid: 'c' }, 'z')).toEqual({ signingKeys: [{ kid: 'c' }, { kid: 'b' }], cookieSecrets: ['z', 'y'] });
  });
});
