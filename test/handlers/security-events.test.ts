/**
 * Security events are log lines an investigator can rely on: one per refusal, naming the account by
 * its id, never its email, with the client's address from CloudFront's viewer-address header.
 */
describe('security events', () => {
  let written = '';
  beforeAll(() => {
    // The logger reads its level when its module loads: load everything afresh at INFO.
    process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
    jest.resetModules();
    for (const stream of [process.stdout, process.stderr]) {
      jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
        written += String(chunk);
        return true;
      });
    }
  });
  afterAll(() => jest.restoreAllMocks());

  const events = () =>
    written
      .split('\n')
      .filter((line) => line.includes('"security_event"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  it('a 403 names the account and the viewer address, and not the email', async () => {
    const { harness, httpEvent, invoke, sessionCookieFor, signedUpPerson } = await import('../support/builders');
    const { buildHandler: buildEnrollment } = await import('../../functions/rcam/get-enrollment');
    const h = await harness();
    const { accountId, sessionToken } = await signedUpPerson(h, { email: 'viewer@example.org' });
    written = '';

    const refused = await invoke(
      () => buildEnrollment(h.deps),
      httpEvent({ method: 'GET', cookies: sessionCookieFor(sessionToken), headers: { 'cloudfront-viewer-address': '198.51.100.7:46532' } }),
    );

    expect(refused.statusCode).toBe(403);
    expect(events()).toEqual([expect.objectContaining({ securityEvent: 'forbidden', outcome: 'step_up_required', accountId, clientIp: '198.51.100.7' })]);
    expect(written).not.toContain('viewer@example.org');
  });

  it('takes the address without its port from an IPv6 viewer, and falls back to the source address', async () => {
    const { clientIpOf } = await import('#http/request');
    const { httpEvent } = await import('../support/builders');
    expect(clientIpOf(httpEvent({ headers: { 'cloudfront-viewer-address': '2001:db8::7:46532' } }))).toBe('2001:db8::7');
    expect(clientIpOf(httpEvent({}))).toBe('192.0.2.1');
    // A header that is not an address is not believed.
    expect(clientIpOf(httpEvent({ headers: { 'cloudfront-viewer-address': '<script>' } }))).toBe('192.0.2.1');
  });

  it('a forged Origin is a 403 event too, with the address of whoever sent it', async () => {
    const { httpEvent, invoke, harness } = await import('../support/builders');
    const { buildHandler: buildSignIn } = await import('../../functions/sessions/sign-in');
    const h = await harness();
    written = '';
    const refused = await invoke(
      () => buildSignIn(h.deps),
      httpEvent({
        body: { login: 'x@example.org', password: 'y', method: 'password' },
        headers: { origin: 'https://evil.example', 'cloudfront-viewer-address': '203.0.113.9:1234' },
      }),
    );
    expect(refused.statusCode).toBe(403);
    expect(events()).toEqual([expect.objectContaining({ securityEvent: 'forbidden', outcome: 'forbidden_origin', clientIp: '203.0.113.9' })]);
  });
});
