import { buildHandler as buildRequestCode } from '../../functions/rcam/request-code';
import { runRcamStep } from '#domain/rcam-workflow';
import { openSession } from '#domain/sessions';
import type { RouteHandler } from '#http/http-handler';
import { harness, httpEvent, invoke, sessionCookieFor, signedUpPerson, type Harness } from './builders';

/** Anna's request form, as the RCAM page sends it. */
export const FORM = { staffNumber: '123456', staffNumberConfirmation: '123456', lastName: 'Rossi', firstName: 'Anna', birthDate: '08/10/1950' };

export interface RcamHandlers {
  h: Harness;
  /** Anna's cookies: a session proven by SMS. */
  person: string[];
  /** A PMO clerk's cookies. */
  pmo: string[];
  /** A handler called with a body, cookies, path and query parameters. */
  call(
    build: () => RouteHandler,
    options: Parameters<typeof httpEvent>[0] & { pathParameters?: Record<string, string>; query?: Record<string, string> },
  ): ReturnType<typeof invoke>;
  /** Anna files the form; the workflow, run by hand, takes it to the PMO review. Its requestId. */
  request(): Promise<string>;
}

/**
 * For the RCAM and PMO handler suites (rcam.test.ts, naughty-strings-rcam.test.ts): before each
 * test, a harness on DynamoDB Local with Anna, signed in by SMS, and a PMO clerk.
 */
export const rcamHandlers = (): RcamHandlers => {
  const fixture = {
    call: (build, options) => {
      const event = httpEvent(options);
      event.pathParameters = options.pathParameters;
      event.queryStringParameters = options.query;
      return invoke(build, event);
    },
    request: async () => {
      const response = await fixture.call(() => buildRequestCode(fixture.h.deps), { body: FORM, cookies: fixture.person });
      const requestId = response.body.requestId as string;
      await runRcamStep(fixture.h.deps, { step: 'awaitReview', requestId, taskToken: 'review-token' });
      return requestId;
    },
  } as RcamHandlers;
  beforeEach(async () => {
    const h = await harness();
    const anna = await signedUpPerson(h, { email: 'anna@example.org', firstName: 'Anna', lastName: 'Rossi' });
    const clerk = await signedUpPerson(h, { email: 'clerk@example.org', firstName: 'Paul', lastName: 'Martin' });
    await h.deps.accounts.grantRole(clerk.accountId, 'pmo');
    Object.assign(fixture, {
      h,
      person: sessionCookieFor(await openSession(h.deps, anna.accountId, 'sms')),
      pmo: sessionCookieFor(await openSession(h.deps, clerk.accountId, 'sms')),
    });
  });
  return fixture;
};
