import type { CountingFunnel } from '#domain/funnel';
import type { LocalEndpoint } from './front-door';

/** GET /_local/metrics: the journey's funnel as the dashboard would count it, `{funnel: {AccountsCreated, ...}}`. */
export const funnelEndpoint =
  (funnel: CountingFunnel): LocalEndpoint =>
  async ({ method, path }) =>
    method === 'GET' && path === '/_local/metrics' ? { status: 200, body: { funnel: funnel.snapshot() } } : undefined;
