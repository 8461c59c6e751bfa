import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AslDefinition, AslState } from './step-functions';

/** Where a running execution stands, as much as a restart needs to carry it on. */
export interface ExecutionPosition {
  /** The state it last entered, and that state's input. */
  state: string;
  input: unknown;
  /** Epoch ms (virtual clock) when it entered it: a Wait counts from there. */
  enteredAt: number;
  /** A `.waitForTaskToken` task waiting: its token (handed to the PMO, in a link...) and its deadline, epoch ms. */
  waiting?: { token: string; deadline: number };
}

/** An execution as kept under .data/: what DescribeExecution answers, plus its position while running. */
export interface JournalEntry {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  input: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  startDate: string;
  stopDate?: string;
  output?: string;
  error?: string;
  cause?: string;
  position?: ExecutionPosition;
}

/**
 * The local Step Functions' executions in one JSON file, rewritten whole (through a temporary file,
 * so that a crash leaves the old one) at each change: a state entered, a task token handed out, an
 * execution ended. Small: one entry per execution.
 */
export class ExecutionJournal {
  private readonly entries = new Map<string, JournalEntry>();

  constructor(private readonly file: string) {
    if (existsSync(file)) for (const entry of JSON.parse(readFileSync(file, 'utf8')) as JournalEntry[]) this.entries.set(entry.executionArn, entry);
    mkdirSync(dirname(file), { recursive: true });
  }

  list(): JournalEntry[] {
    return [...this.entries.values()];
  }

  put(entry: JournalEntry): void {
    this.entries.set(entry.executionArn, entry);
    this.save();
  }

  update(executionArn: string, change: (entry: JournalEntry) => void): void {
    const entry = this.entries.get(executionArn);
    if (!entry) return;
    change(entry);
    this.save();
  }

  private save(): void {
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.list()));
    renameSync(temporary, this.file);
  }
}

/** The state prefix of the one-off copy a resumed execution starts at. */
export const RESUMED_PREFIX = 'Resumed_';

/** `$.a.b` read from a value: the only JSONPath the workflows' Wait states use. */
const readPath = (value: unknown, path: string): unknown =>
  path
    .replace(/^\$\.?/, '')
    .split('.')
    .filter(Boolean)
    .reduce<unknown>((at, key) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined), value);

/** When a Wait state entered at `enteredAt` with `input` falls due, epoch ms. */
const dueOf = (state: AslState, input: unknown, enteredAt: number): number => {
  if (typeof state.Seconds === 'number') return enteredAt + state.Seconds * 1000;
  if (typeof state.Timestamp === 'string') return Date.parse(state.Timestamp);
  if (typeof state.SecondsPath === 'string') return enteredAt + Number(readPath(input, state.SecondsPath)) * 1000;
  if (typeof state.TimestampPath === 'string') return Date.parse(String(readPath(input, state.TimestampPath)));
  return enteredAt;
};

/**
 * The definition a resumed execution runs: the same states, starting at a copy of the one it stood
 * in, made to carry on rather than start over. A Wait waits until its original due time; a task
 * waiting for its token waits, with the same token, only until its original deadline (its handler
 * does not run again); any other state runs again from its input, as a retried Lambda would.
 */
export const resumedDefinition = (definition: AslDefinition, position: ExecutionPosition, now: number): AslDefinition => {
  const copy = JSON.parse(JSON.stringify(definition)) as AslDefinition;
  const state = copy.States[position.state];
  if (!state) throw new Error(`No state ${position.state} to resume at`);
  let resumed: AslState = state;
  if (state.Type === 'Wait') {
    const due = dueOf(state, position.input, position.enteredAt);
    const { Seconds: _s, SecondsPath: _sp, TimestampPath: _tp, ...rest } = state;
    resumed = { ...rest, Timestamp: new Date(due).toISOString() };
  } else if (state.Type === 'Task' && position.waiting) {
    const { TimeoutSecondsPath: _path, ...rest } = state;
    resumed = { ...rest, TimeoutSeconds: Math.max(1, Math.ceil((position.waiting.deadline - now) / 1000)) };
  }
  const name = `${RESUMED_PREFIX}${position.state}`;
  copy.States[name] = resumed;
  copy.StartAt = name;
  return copy;
};
