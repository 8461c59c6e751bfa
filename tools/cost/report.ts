import { PRICES, PRICES_TAKEN_ON } from './prices';
import type { Usage } from './usage';

/** The memory (MB) at which Lambda gives a function one whole vCPU; below it, a share in proportion. */
const FULL_VCPU_MB = 1769;

export interface CostLine {
  item: string;
  quantity: number;
  unit: string;
  usd: number;
}

export interface PhaseFigures {
  phase: string;
  apiRequests: number;
  invocations: number;
  billedMs: number;
  transitions: number;
  readUnits: number;
  writeUnits: number;
  emails: number;
  smsParts: number;
  letters: number;
  /** AWS, SMS and letters excluded. */
  usd: number;
}

export interface CostSummary {
  /** What AWS bills for the walk, SMS excluded. */
  aws: CostLine[];
  awsUsd: number;
  /** Lambda duration again, as if all the time measured here were CPU, on the share of a vCPU the memory buys. */
  cpuBoundLambdaUsd: number;
  /** SMS and registered letters, shown apart. */
  apart: CostLine[];
  transitions: number;
  workflows: Array<{ stateMachine: string; transitions: number; states: Array<[string, number]> }>;
  phases: PhaseFigures[];
  /** Each function's invocations and billed milliseconds, most billed first. */
  functions: Array<{ functionName: string; invocations: number; billedMs: number }>;
  /** DynamoDB calls that failed (a condition, a cancelled transaction): their units are not reported, 1 is counted. */
  failedDynamoCalls: number;
}

const GSM7 = new Set('@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà');
const GSM7_EXTENDED = new Set('^{}\\[~]|€\f');

/** How many parts an SMS is billed as: 160 GSM-7 characters in one, else 153 a part; 70 / 67 in UCS-2. */
export const smsParts = (text: string): number => {
  const chars = [...text];
  const gsm = chars.every((c) => GSM7.has(c) || GSM7_EXTENDED.has(c));
  const length = gsm ? chars.reduce((n, c) => n + (GSM7_EXTENDED.has(c) ? 2 : 1), 0) : chars.length;
  const [single, multi] = gsm ? [160, 153] : [70, 67];
  return length <= single ? 1 : Math.ceil(length / multi);
};

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const countBy = <T>(items: T[], key: (item: T) => string): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
};

/**
 * Prices a walk's usage. `memory` is each function's deployed memory (MB) by name; `routes` names
 * the functions behind the HTTP API (each of their invocations is an API request).
 */
export const priceUsage = (usage: Usage, memory: ReadonlyMap<string, number>, routes: ReadonlySet<string>): CostSummary => {
  const memoryOf = (name: string) => {
    const mb = memory.get(name);
    if (mb === undefined) throw new Error(`No deployed memory for the function ${name}`);
    return mb;
  };
  const gbSeconds = (invocations: Usage['invocations'], cpuBound = false) =>
    sum(
      invocations.map(
        (i) => (Math.ceil(i.ms) / 1000) * (memoryOf(i.functionName) / 1024) * (cpuBound ? Math.max(1, FULL_VCPU_MB / memoryOf(i.functionName)) : 1),
      ),
    );
  const units = (kind: 'read' | 'write', records: Usage['dynamo']) => sum(records.filter((r) => r.kind === kind).map((r) => (r.failed ? 1 : r.units)));

  const awsLines = (u: Usage): CostLine[] => {
    const apiRequests = u.invocations.filter((i) => routes.has(i.functionName)).length;
    const emails = u.messages.filter((m) => m.channel === 'email').length;
    const line = (item: string, quantity: number, unit: string, price: number) => ({ item, quantity, unit, usd: quantity * price });
    return [
      line('API Gateway HTTP API', apiRequests, 'requests', PRICES.httpApiRequest.usd),
      line('Lambda requests', u.invocations.length, 'invocations', PRICES.lambdaRequest.usd),
      line('Lambda duration', gbSeconds(u.invocations), 'GB-s', PRICES.lambdaGbSecond.usd),
      line('Step Functions (Standard)', u.transitions.length, 'state transitions', PRICES.stateTransition.usd),
      line('DynamoDB reads', units('read', u.dynamo), 'read request units', PRICES.dynamoReadUnit.usd),
      line('DynamoDB writes', units('write', u.dynamo), 'write request units', PRICES.dynamoWriteUnit.usd),
      line('SES', emails, 'emails', PRICES.email.usd),
    ];
  };
  const aws = awsLines(usage);
  const awsUsd = sum(aws.map((l) => l.usd));
  const smsCount = sum(usage.messages.filter((m) => m.channel === 'sms').map((m) => smsParts(m.text)));
  const letters = usage.messages.filter((m) => m.channel === 'letter').length;

  const phaseNames = [...new Set([...usage.invocations, ...usage.transitions, ...usage.dynamo, ...usage.messages].map((r) => r.phase))];
  const phases = phaseNames.map((phase): PhaseFigures => {
    const only = <T extends { phase: string }>(records: T[]) => records.filter((r) => r.phase === phase);
    const u: Usage = { invocations: only(usage.invocations), transitions: only(usage.transitions), dynamo: only(usage.dynamo), messages: only(usage.messages) };
    return {
      phase,
      apiRequests: u.invocations.filter((i) => routes.has(i.functionName)).length,
      invocations: u.invocations.length,
      billedMs: sum(u.invocations.map((i) => Math.ceil(i.ms))),
      transitions: u.transitions.length,
      readUnits: units('read', u.dynamo),
      writeUnits: units('write', u.dynamo),
      emails: u.messages.filter((m) => m.channel === 'email').length,
      smsParts: sum(u.messages.filter((m) => m.channel === 'sms').map((m) => smsParts(m.text))),
      letters: u.messages.filter((m) => m.channel === 'letter').length,
      usd: sum(awsLines(u).map((l) => l.usd)),
    };
  });

  const workflows = [...countBy(usage.transitions, (t) => t.stateMachine)].map(([stateMachine, transitions]) => {
    const states = [
      ...countBy(
        usage.transitions.filter((t) => t.stateMachine === stateMachine),
        (t) => t.state,
      ),
    ];
    return { stateMachine, transitions, states };
  });

  const functions = [...countBy(usage.invocations, (i) => i.functionName)]
    .map(([functionName, invocations]) => ({
      functionName,
      invocations,
      billedMs: sum(usage.invocations.filter((i) => i.functionName === functionName).map((i) => Math.ceil(i.ms))),
    }))
    .sort((a, b) => b.billedMs - a.billedMs);

  return {
    aws,
    awsUsd,
    cpuBoundLambdaUsd: gbSeconds(usage.invocations, true) * PRICES.lambdaGbSecond.usd,
    apart: [
      { item: `SMS (${PRICES.smsBelgium.per})`, quantity: smsCount, unit: 'SMS parts', usd: smsCount * PRICES.smsBelgium.usd },
      { item: 'Registered letters (assumed price)', quantity: letters, unit: 'letters', usd: letters * PRICES.registeredLetter.usd },
    ],
    transitions: usage.transitions.length,
    workflows,
    phases,
    functions,
    failedDynamoCalls: usage.dynamo.filter((r) => r.failed).length,
  };
};

const usd = (value: number) => `$${value < 0.01 ? value.toFixed(6) : value.toFixed(2)}`;
const quantity = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(3));

const table = (header: string[], rows: string[][]): string => {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
};

/** The report `npm run cost` prints. */
export const formatReport = (summary: CostSummary, options: { targetUsd: number; targetTransitions: number }): string => {
  const within = (ok: boolean) => (ok ? 'within target' : 'OVER TARGET');
  const transitionsOk = summary.transitions <= options.targetTransitions;
  return [
    `Cost of one person through the whole manual, counted on the local stack (AWS eu-west-1 prices of ${PRICES_TAKEN_ON}, tools/cost/prices.ts)`,
    `Not confirmed against a stored copy of AWS's page (recalled figures, see their notes): ${Object.values(PRICES)
      .filter((price) => price.checked !== 'stored copy of the page')
      .map((price) => price.per)
      .join('; ')}`,
    '',
    table(
      ['AWS', 'quantity', 'unit', 'USD'],
      summary.aws.map((l) => [l.item, quantity(l.quantity), l.unit, usd(l.usd)]),
    ),
    `AWS per person, SMS and letters excluded: ${usd(summary.awsUsd)} (target ${usd(options.targetUsd)}: ${within(summary.awsUsd <= options.targetUsd)})`,
    `  (Lambda duration is the time measured here; were it all CPU on the share of a vCPU the memory buys, the total would be ${usd(
      summary.awsUsd - summary.aws.find((l) => l.item === 'Lambda duration')!.usd + summary.cpuBoundLambdaUsd,
    )})`,
    summary.failedDynamoCalls ? `  (${summary.failedDynamoCalls} DynamoDB calls failed a condition: 1 unit counted for each)` : '',
    '',
    table(
      ['Apart', 'quantity', 'unit', 'USD'],
      summary.apart.map((l) => [l.item, quantity(l.quantity), l.unit, usd(l.usd)]),
    ),
    '',
    `Step Functions state transitions: ${summary.transitions} (target ${options.targetTransitions}: ${within(transitionsOk)})`,
    ...summary.workflows.map((w) => `  ${w.stateMachine}: ${w.transitions} (${w.states.map(([state, n]) => (n > 1 ? `${state} x${n}` : state)).join(', ')})`),
    `Most billed functions: ${summary.functions
      .slice(0, 5)
      .map((f) => `${f.functionName} ${f.billedMs} ms (${f.invocations}x)`)
      .join(', ')}`,
    '',
    table(
      ['Part of the walk', 'API', 'Lambda', 'billed ms', 'transitions', 'RRU', 'WRU', 'emails', 'SMS', 'letters', 'AWS USD'],
      summary.phases.map((p) => [
        p.phase,
        String(p.apiRequests),
        String(p.invocations),
        String(p.billedMs),
        String(p.transitions),
        quantity(p.readUnits),
        quantity(p.writeUnits),
        String(p.emails),
        String(p.smsParts),
        String(p.letters),
        usd(p.usd),
      ]),
    ),
  ]
    .filter((line, i, all) => line !== '' || all[i - 1] !== '')
    .join('\n');
};
