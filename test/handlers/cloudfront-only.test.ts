import type { Context } from 'aws-lambda';
import { ORIGIN_SECRET_REFRESH_MS } from '#http/cloudfront-only';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { ORIGIN_VERIFY_HEADER } from '#shared/edge';
import { httpEvent } from '../support/builders';

const ORIGIN = 'https://passerelle.test';
const context = { functionName: 'test', awsRequestId: 'test', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;
const ok: RouteHandler = () => Promise.resolve({ statusCode: 200, body: '{}' });

/** A secret store whose values change when the test says, read and cached as the adapter does, counting reads. */
const secretStore = (initial: string[]) => {
  const store = { values: initial, reads: 0 };
  let cached: string[] | undefined;
  const source = (refresh = false) => {
    if (refresh || !cached) {
      store.reads += 1;
      cached = [...store.values];
    }
    return Promise.resolve(cached);
  };
  return { store, source };
};

describe('the API behind CloudFront (cloudFrontOnly)', () => {
  const call = (handler: ReturnType<typeof httpHandler>, headers: Record<string, string> = {}) =>
    handler(httpEvent({ method: 'GET', headers }), context).then((response) => response.statusCode);

  it('lets every request through when no origin secret is configured (npm start, tests)', async () => {
    expect(
      await call(
        httpHandler(
          () => ok,
          () => ORIGIN,
          () => undefined,
        ),
      ),
    ).toBe(200);
  });

  it('refuses a request without the header, or with a wrong one, with 403', async () => {
    const { source } = secretStore(['s3cret']);
    const handler = httpHandler(
      () => ok,
      () => ORIGIN,
      () => source,
    );
    expect(await call(handler)).toBe(403);
    expect(await call(handler, { [ORIGIN_VERIFY_HEADER]: 'guess' })).toBe(403);
    expect(await call(handler, { [ORIGIN_VERIFY_HEADER]: 's3cret' })).toBe(200);
  });

  it('accepts a value rotated in since the secret was read, re-reading it at most once a minute', async () => {
    const { store, source } = secretStore(['old']);
    let now = 1_000_000;
    const { cloudFrontOnly } = await import('#http/cloudfront-only');
    const guard = cloudFrontOnly(
      () => source,
      () => now,
    );
    const run = async (value: string) => {
      const request = { event: httpEvent({ method: 'GET', headers: { [ORIGIN_VERIFY_HEADER]: value } }) } as Parameters<NonNullable<typeof guard.before>>[0];
      return Promise.resolve(guard.before!(request)).then(
        () => 'allowed',
        () => 'refused',
      );
    };
    expect(await run('old')).toBe('allowed');
    store.values = ['new', 'old'];
    expect(await run('new')).toBe('allowed');
    expect(store.reads).toBe(2);
    expect(await run('forged')).toBe('refused');
    expect(store.reads).toBe(2); // within the minute: no new read for a forged header
    now += ORIGIN_SECRET_REFRESH_MS;
    expect(await run('forged')).toBe('refused');
    expect(store.reads).toBe(3);
  });
});
