import { synthesizeWorkflows } from '../../local/workflows';
import { measureManual } from '../../tools/cost';
import { smsParts } from '../../tools/cost/report';
import { createAccount, registerPhoneAndSignIn, type WalkOptions } from '../../tools/cost/walk';

type OutboxMessage = { channel: string; text: string };

const outbox = async (url: string): Promise<OutboxMessage[]> =>
  ((await (await fetch(`${url}/_local/outbox`)).json()) as { messages: OutboxMessage[] }).messages;

describe('npm run cost: counting a walk on the local stack', () => {
  let measured: Awaited<ReturnType<typeof measureManual>>;
  let sent: OutboxMessage[] = [];
  const apiCalls: string[] = [];

  beforeAll(async () => {
    const realFetch = globalThis.fetch;
    globalThis.fetch = (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url.includes('/api/')) apiCalls.push(url);
      return realFetch(input, init);
    };
    try {
      // A short walk: the account, then the phone and a sign-in with an SMS code.
      measured = await measureManual(async (options: WalkOptions) => {
        const before = (await outbox(options.url)).length;
        await registerPhoneAndSignIn(options, await createAccount(options, 'cost.test@example.org'), '+32470555001');
        sent = (await outbox(options.url)).slice(before);
      });
    } finally {
      globalThis.fetch = realFetch;
    }
  }, 120_000);

  it('counts one API request and one invocation for each call the walk made', () => {
    const { summary } = measured;
    expect(apiCalls.length).toBeGreaterThan(0);
    expect(summary.aws.find((l) => l.item === 'API Gateway HTTP API')!.quantity).toBe(apiCalls.length);
    expect(summary.functions.every((f) => f.billedMs >= f.invocations)).toBe(true);
  });

  it('counts the emails and SMS the outbox received, an SMS as one part or more', () => {
    const { usage, summary } = measured;
    const count = (messages: OutboxMessage[], channel: string) => messages.filter((m) => m.channel === channel).length;
    expect(count(sent, 'email')).toBeGreaterThan(0);
    expect(count(usage.messages, 'email')).toBe(count(sent, 'email'));
    expect(summary.aws.find((l) => l.item === 'SES')!.quantity).toBe(count(sent, 'email'));
    expect(count(usage.messages, 'sms')).toBe(count(sent, 'sms'));
    expect(summary.apart[0].quantity).toBeGreaterThanOrEqual(count(sent, 'sms'));
    expect(summary.apart[1].quantity).toBe(0);
  });

  it('counts the activation workflow state by state, its task once for each time its state was entered', () => {
    const { usage, summary } = measured;
    const activation = synthesizeWorkflows().activation;
    expect(summary.transitions).toBeGreaterThan(0);
    expect(new Set(usage.transitions.map((t) => t.stateMachine))).toEqual(new Set(['AccountActivation']));
    for (const t of usage.transitions) expect(Object.keys(activation.States)).toContain(t.state);
    expect(usage.transitions[0].state).toBe(activation.StartAt);
    const taskStates = Object.entries(activation.States).filter(([, state]) => state.Type === 'Task');
    const entered = usage.transitions.filter((t) => taskStates.some(([name]) => name === t.state)).length;
    expect(usage.invocations.filter((i) => i.functionName === 'SendActivationLink')).toHaveLength(entered);
  });

  it('counts DynamoDB request units from what each call reported', () => {
    const { usage, summary } = measured;
    const units = (kind: string) => usage.dynamo.filter((d) => d.kind === kind && !d.failed).reduce((n, d) => n + d.units, 0);
    expect(units('read')).toBeGreaterThan(0);
    expect(units('write')).toBeGreaterThan(0);
    // A transactional write costs two units an item: the transactions report it.
    expect(usage.dynamo.filter((d) => d.operation === 'TransactWriteItemsCommand' && !d.failed).every((d) => d.units >= 2)).toBe(true);
    const failed = usage.dynamo.filter((d) => d.failed).length;
    const line = (item: string) => summary.aws.find((l) => l.item === item)!.quantity;
    expect(line('DynamoDB reads') + line('DynamoDB writes')).toBe(units('read') + units('write') + failed);
  });

  it('adds up: the lines make the total, and the parts of the walk make the lines', () => {
    const { summary } = measured;
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    expect(summary.awsUsd).toBeCloseTo(sum(summary.aws.map((l) => l.usd)), 12);
    expect(summary.awsUsd).toBeGreaterThan(0);
    expect(sum(summary.phases.map((p) => p.usd))).toBeCloseTo(summary.awsUsd, 12);
    expect(summary.phases.map((p) => p.phase)).toEqual(['account', 'phone and sign-in']);
    expect(sum(summary.phases.map((p) => p.invocations))).toBe(summary.aws.find((l) => l.item === 'Lambda requests')!.quantity);
    expect(summary.cpuBoundLambdaUsd).toBeGreaterThanOrEqual(summary.aws.find((l) => l.item === 'Lambda duration')!.usd);
  });
});

describe('smsParts', () => {
  it('bills 160 GSM-7 characters as one part and 161 as two', () => {
    expect(smsParts('a'.repeat(160))).toBe(1);
    expect(smsParts('a'.repeat(161))).toBe(2);
    expect(smsParts('é'.repeat(160))).toBe(1);
  });

  it('bills a text with a character outside GSM-7 in UCS-2 parts of 70 characters', () => {
    expect(smsParts(`«${'a'.repeat(69)}`)).toBe(1);
    expect(smsParts(`«${'a'.repeat(70)}`)).toBe(2);
  });

  it('counts GSM-7 extension characters twice', () => {
    expect(smsParts('€'.repeat(80))).toBe(1);
    expect(smsParts('€'.repeat(81))).toBe(2);
  });
});
