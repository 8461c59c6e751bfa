import type { CountingFunnel } from '#domain/funnel';
import { recordMailEvent, type MailDeliveryDeps } from '#domain/mail-delivery';
import type { LocalEndpoint } from './front-door';
import type { Outbox } from './outbox';

/** GET /_local/metrics: the journey's funnel as the dashboard would count it, `{funnel: {AccountsCreated, ...}}`. */
export const funnelEndpoint =
  (funnel: CountingFunnel): LocalEndpoint =>
  async ({ method, path }) =>
    method === 'GET' && path === '/_local/metrics' ? { status: 200, body: { funnel: funnel.snapshot() } } : undefined;

const BOUNCE_PATH = /^\/_local\/outbox\/([\w-]{1,64})\/bounce$/;

/**
 * POST /_local/outbox/{id}/bounce [{"type":"complaint"}]: the email `id` bounced (permanently), or
 * its recipient complained, as SES would tell the MailEvents function: the same use case runs.
 */
export const bounceEndpoint =
  (outbox: Outbox, deps: () => Pick<MailDeliveryDeps, 'mailDelivery' | 'clock' | 'securityEvents'>): LocalEndpoint =>
  async ({ method, path, body }) => {
    const match = BOUNCE_PATH.exec(path);
    if (!match || method !== 'POST') return undefined;
    const message = outbox.list().find((m) => m.id === match[1] && m.channel === 'email');
    if (!message) return { status: 404, body: { error: { code: 'not_found', message: 'No such email in the outbox.' } } };
    let type: unknown;
    try {
      type = (JSON.parse((await body()) || '{}') as { type?: unknown }).type ?? 'bounce';
    } catch {
      return { status: 400, body: { error: { code: 'invalid_json', message: 'The request is not valid JSON.' } } };
    }
    if (type !== 'bounce' && type !== 'complaint') {
      return { status: 400, body: { error: { code: 'validation_failed', message: 'type must be "bounce" or "complaint".' } } };
    }
    await recordMailEvent(deps(), { reason: type, addresses: [message.to] });
    return { status: 200, body: { to: message.to, type } };
  };
