import type { Mailer } from '#domain/emails-ports';
import type { SmsSender } from '#domain/sms-ports';

export const FAULT_SERVICES = ['ses', 'sns', 'dynamodb', 'sfn'] as const;
export const FAULT_MODES = ['error', 'throttle'] as const;
export type FaultService = (typeof FAULT_SERVICES)[number];
export type FaultMode = (typeof FAULT_MODES)[number];

/** The error each service answers in each mode, by its AWS name and HTTP status, as the AWS SDK raises it. */
const AWS_ERRORS: Record<FaultService, Record<FaultMode, { name: string; status: number }>> = {
  ses: { error: { name: 'InternalServiceErrorException', status: 500 }, throttle: { name: 'TooManyRequestsException', status: 429 } },
  sns: { error: { name: 'InternalErrorException', status: 500 }, throttle: { name: 'ThrottledException', status: 400 } },
  dynamodb: { error: { name: 'InternalServerError', status: 500 }, throttle: { name: 'ProvisionedThroughputExceededException', status: 400 } },
  sfn: { error: { name: 'ServiceUnavailable', status: 503 }, throttle: { name: 'ThrottlingException', status: 400 } },
};

/** An error shaped as the AWS SDK v3 shapes a service's answer (`$fault`, `$metadata`), so that every layer above treats it as the real one. */
export const awsError = (service: FaultService, mode: FaultMode): Error & { $fault: string; $metadata: { httpStatusCode: number } } => {
  const { name, status } = AWS_ERRORS[service][mode];
  return Object.assign(new Error(`Local fault: ${service} ${mode}`), {
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
    ...(mode === 'throttle' && { $retryable: { throttling: true } }),
  });
};

/**
 * Outages on demand (POST /_local/faults): while a fault is on, every call to that service fails as
 * AWS would fail it, for a span of virtual-clock minutes. The local runtime wraps its stand-ins
 * with it: the outbox (SES, SNS), the DynamoDB client (a middleware), the Step Functions endpoint.
 */
export class LocalFaults {
  private readonly faults = new Map<FaultService, { mode: FaultMode; until: number }>();

  constructor(private readonly now: () => Date) {}

  /** Makes `service` fail in `mode` for `minutes` of virtual time from now. */
  set(service: FaultService, mode: FaultMode, minutes: number): { service: FaultService; mode: FaultMode; until: string } {
    const until = this.now().getTime() + minutes * 60_000;
    this.faults.set(service, { mode, until });
    return { service, mode, until: new Date(until).toISOString() };
  }

  clear(): void {
    this.faults.clear();
  }

  list(): Array<{ service: FaultService; mode: FaultMode; until: string }> {
    return [...this.faults]
      .filter(([service]) => this.active(service))
      .map(([service, { mode, until }]) => ({ service, mode, until: new Date(until).toISOString() }));
  }

  /** The mode `service` fails in now, if it does. */
  active(service: FaultService): FaultMode | undefined {
    const fault = this.faults.get(service);
    return fault && this.now().getTime() < fault.until ? fault.mode : undefined;
  }

  /** Throws the service's error while a fault is on. */
  check(service: FaultService): void {
    const mode = this.active(service);
    if (mode) throw awsError(service, mode);
  }

  mailer(inner: Mailer): Mailer {
    return {
      send: async (email) => {
        this.check('ses');
        await inner.send(email);
      },
    };
  }

  smsSender(inner: SmsSender): SmsSender {
    return {
      ...inner,
      send: async (sms) => {
        this.check('sns');
        await inner.send(sms);
      },
    };
  }
}
