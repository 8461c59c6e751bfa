import { AsyncLocalStorage } from 'node:async_hooks';
import type { SecurityEventLog } from '#domain/security-events';
import { logger } from './logger';

interface ClientContext {
  clientIp?: string;
}

const client = new AsyncLocalStorage<ClientContext>();

/** Runs `work` with the client's address known to every security event it records (one request). */
export const withClient = <T>(clientIp: string | undefined, work: () => T): T => client.run({ clientIp }, work);

/** The address of the request's client, as `withClient` set it for this request. */
export const currentClientIp = (): string | undefined => client.getStore()?.clientIp;

/** Security events as one JSON log line each (`"message":"security_event"`), with the client's address. */
export const loggedSecurityEvents: SecurityEventLog = {
  record: (event) => {
    logger.info('security_event', {
      securityEvent: event.type,
      accountId: event.accountId,
      outcome: event.outcome,
      clientIp: currentClientIp(),
      ...event.details,
    });
  },
};
