import type { ConsumedCapacityReport } from '#adapters/dynamo/client';
import type { LocalMeter } from '../../local/meter';
import type { OutboxMessage } from '../../local/outbox';

/** Everything a walk used, each record tagged with the part of the walk it happened in. */
export interface Usage {
  invocations: Array<{ phase: string; functionName: string; ms: number }>;
  transitions: Array<{ phase: string; stateMachine: string; state: string }>;
  dynamo: Array<{ phase: string } & ConsumedCapacityReport>;
  messages: Array<{ phase: string } & Pick<OutboxMessage, 'channel' | 'text'>>;
}

/**
 * The local runtime's meter for `npm run cost`: it keeps what the runtime reports (invocations,
 * state transitions, DynamoDB request units) and, from the outbox, the emails, SMS and letters.
 */
export class UsageCounter implements LocalMeter {
  readonly usage: Usage = { invocations: [], transitions: [], dynamo: [], messages: [] };
  private current = 'start-up';
  private outbox?: () => OutboxMessage[];
  private outboxMark = 0;

  invocation = (functionName: string, ms: number) => void this.usage.invocations.push({ phase: this.current, functionName, ms });
  transition = (stateMachineArn: string, state: string) =>
    void this.usage.transitions.push({ phase: this.current, stateMachine: stateMachineArn.split(':').pop()!, state });
  consumedCapacity = (report: ConsumedCapacityReport) => void this.usage.dynamo.push({ phase: this.current, ...report });

  /** Forgets what was counted so far (the runtime's start-up), and counts messages from here on. */
  reset(outbox: () => OutboxMessage[]): void {
    this.usage.invocations.length = this.usage.transitions.length = this.usage.dynamo.length = this.usage.messages.length = 0;
    this.outbox = outbox;
    this.outboxMark = outbox().length;
  }

  /** What follows belongs to the part of the walk named `name`. */
  phase(name: string): void {
    this.collectMessages();
    this.current = name;
  }

  /** Ends the count once the runtime is idle: the last messages are taken and the event logs read out. */
  async finish(): Promise<Usage> {
    // Transitions arrive through each execution's event log, a few turns of the event loop late.
    for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
    this.collectMessages();
    return this.usage;
  }

  private collectMessages(): void {
    if (!this.outbox) return;
    const all = this.outbox();
    for (const { channel, text } of all.slice(this.outboxMark)) this.usage.messages.push({ phase: this.current, channel, text });
    this.outboxMark = all.length;
  }
}
