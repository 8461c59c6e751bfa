import { StateMachine } from 'aws-local-stepfunctions';
import { randomUUID } from 'node:crypto';
import { ExecutionJournal, RESUMED_PREFIX, resumedDefinition, type ExecutionPosition, type JournalEntry } from './execution-journal';

/** A Lambda handler as a state machine task calls it: the Payload in, the result out. */
export type TaskHandler = (payload: unknown) => Promise<unknown>;

export interface LocalStateMachineSpec {
  arn: string;
  /** ASL, as synthesized from the CDK construct that deploys it. */
  definition: AslDefinition;
  /** Lambda task handlers by function name (the last part of the function ARN in the ASL). */
  functions: Record<string, TaskHandler>;
}

export interface AslState {
  Type: string;
  Resource?: string;
  Parameters?: { FunctionName?: string; [key: string]: unknown };
  TimeoutSeconds?: number;
  [key: string]: unknown;
}
export interface AslDefinition {
  StartAt: string;
  States: Record<string, AslState>;
  [key: string]: unknown;
}

interface Execution {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  input: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  startDate: Date;
  stopDate?: Date;
  output?: string;
  error?: string;
  cause?: string;
  /** Ends the run where it is (StopExecution); not listed. */
  abort?: () => void;
}

interface PendingTask {
  executionArn: string;
  deadline: number;
  resolve(output: unknown): void;
  reject(error: Error): void;
}

const TIMEOUT_PARAMETER = '__timeoutSeconds';

/**
 * In AWS a Task's TimeoutSecondsPath reads the state input; aws-local-stepfunctions reads the
 * output of Parameters instead. This shim, local only, carries the value through Parameters
 * (evaluated against the state input, as AWS does) and points the path at it.
 */
const withTimeoutPathsFromStateInput = (definition: AslDefinition): AslDefinition => {
  // JSON, not structuredClone: under jest the latter makes objects of another realm, which the runner mishandles.
  const copy = JSON.parse(JSON.stringify(definition)) as AslDefinition;
  for (const state of Object.values(copy.States)) {
    if (state.Type !== 'Task' || typeof state.TimeoutSecondsPath !== 'string' || !state.Parameters) continue;
    state.Parameters[`${TIMEOUT_PARAMETER}.$`] = state.TimeoutSecondsPath;
    state.TimeoutSecondsPath = `$.${TIMEOUT_PARAMETER}`;
  }
  return copy;
};

/** EventBridge's event for an execution that changed status, as AWS sends it (the fields Passerelle reads). */
export interface ExecutionStatusChangeEvent {
  version: '0';
  source: 'aws.states';
  'detail-type': 'Step Functions Execution Status Change';
  time: string;
  detail: {
    executionArn: string;
    stateMachineArn: string;
    name: string;
    status: Execution['status'];
    startDate: number;
    stopDate: number | null;
    input: string;
    output: string | null;
    error: string | null;
    cause: string | null;
  };
}

const statusChangeEvent = (execution: Execution): ExecutionStatusChangeEvent => ({
  version: '0',
  source: 'aws.states',
  'detail-type': 'Step Functions Execution Status Change',
  time: (execution.stopDate ?? new Date()).toISOString(),
  detail: {
    executionArn: execution.executionArn,
    stateMachineArn: execution.stateMachineArn,
    name: execution.name,
    status: execution.status,
    startDate: execution.startDate.getTime(),
    stopDate: execution.stopDate?.getTime() ?? null,
    input: execution.input,
    output: execution.output ?? null,
    error: execution.error ?? null,
    cause: execution.cause ?? null,
  },
});

const executionOf = (entry: JournalEntry): Execution => ({
  executionArn: entry.executionArn,
  stateMachineArn: entry.stateMachineArn,
  name: entry.name,
  input: entry.input,
  status: entry.status,
  startDate: new Date(entry.startDate),
  ...(entry.stopDate && { stopDate: new Date(entry.stopDate) }),
  ...(entry.output !== undefined && { output: entry.output }),
  ...(entry.error !== undefined && { error: entry.error, cause: entry.cause }),
});

const entryOf = (execution: Execution): JournalEntry => ({
  ...execution,
  startDate: execution.startDate.toISOString(),
  stopDate: execution.stopDate?.toISOString(),
});

/** An error the Step Functions API returns, by its AWS name (the SDK matches on it). */
export class SfnApiError extends Error {
  constructor(
    override readonly name: string,
    message: string,
  ) {
    super(message);
  }
}

const withoutAbort = ({ abort: _abort, ...execution }: Execution): Execution => execution;

const namedError = (name: string, message: string) => Object.assign(new Error(message), { name });

/**
 * Step Functions for the local runtime: executions of the synthesized ASL run by
 * aws-local-stepfunctions, plus what it lacks, the callback pattern. A `.waitForTaskToken` task
 * gets a token, its handler runs, and the task then waits until SendTaskSuccess/SendTaskFailure
 * (through the same SDK calls as in AWS, see `handle`) or its TimeoutSeconds on the virtual clock.
 */
export class LocalStepFunctions {
  private readonly machines = new Map<string, { spec: LocalStateMachineSpec; machine: StateMachine }>();
  private readonly executions = new Map<string, Execution>();
  private readonly pending = new Map<string, PendingTask>();
  private activeHandlers = 0;
  /** Where executions are kept across restarts (`npm start` with a data directory); none in memory. */
  private readonly journal?: ExecutionJournal;
  private readonly aborts = new Set<() => void>();
  private stopped = false;
  /**
   * Per running execution, the state it last entered (from the event log) and the token its task
   * handed out (from the handler): the two arrive in either order, and the journal gets them together.
   */
  private readonly positions = new Map<
    string,
    { entered?: Omit<ExecutionPosition, 'waiting'>; waiting?: { state: string; token: string; deadline: number } }
  >();

  private notePosition(
    executionArn: string,
    change: (at: { entered?: Omit<ExecutionPosition, 'waiting'>; waiting?: { state: string; token: string; deadline: number } }) => void,
  ): void {
    if (!this.journal || this.stopped) return;
    const at = this.positions.get(executionArn) ?? {};
    change(at);
    this.positions.set(executionArn, at);
    const { entered, waiting } = at;
    this.journal.update(executionArn, (entry) => {
      entry.position = entered && {
        ...entered,
        ...(waiting?.state === entered.state && { waiting: { token: waiting.token, deadline: waiting.deadline } }),
      };
    });
  }

  /** Hears of every state transition AWS would bill: a state entered, a retry (`npm run cost`). */
  onTransition?: (stateMachineArn: string, stateName: string) => void;

  /**
   * Hears of every execution that ends, as EventBridge's "Step Functions Execution Status Change"
   * event would tell it (the local stand-in for the rule of infra/constructs/workflows.ts).
   */
  onStatusChange?: (event: ExecutionStatusChangeEvent) => void;

  constructor(specs: LocalStateMachineSpec[], options: { journalFile?: string } = {}) {
    if (options.journalFile) {
      this.journal = new ExecutionJournal(options.journalFile);
      for (const entry of this.journal.list()) this.executions.set(entry.executionArn, executionOf(entry));
    }
    for (const spec of specs) {
      const definition = withTimeoutPathsFromStateInput(spec.definition);
      this.machines.set(spec.arn, {
        spec: { ...spec, definition },
        // Not validated again at each start (asl-validator compiles its JSON schemas each time, ~0.4 s): the
        // infra test validates the synthesized definitions, and checks that the local ones differ only in ARNs.
        machine: new StateMachine(definition as never, { validationOptions: { noValidate: true } }),
      });
    }
  }

  startExecution(request: { stateMachineArn: string; name?: string; input?: string }): { executionArn: string; startDate: Date } {
    const entry = this.machines.get(request.stateMachineArn);
    if (!entry) throw new SfnApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${request.stateMachineArn}'`);
    const name = request.name ?? randomUUID();
    const executionArn = `${request.stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
    const input = request.input ?? '{}';
    const existing = this.executions.get(executionArn);
    if (existing) {
      // As in AWS: the same name and input while running is idempotent; anything else is refused.
      if (existing.status === 'RUNNING' && existing.input === input) return { executionArn, startDate: existing.startDate };
      throw new SfnApiError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    const execution: Execution = { executionArn, stateMachineArn: request.stateMachineArn, name, input, status: 'RUNNING', startDate: new Date() };
    this.executions.set(executionArn, execution);
    this.journal?.put(entryOf(execution));
    this.run(entry.spec, entry.machine, execution);
    return { executionArn, startDate: execution.startDate };
  }

  /**
   * Carries on every execution the journal holds as running (a restart of `npm start`): each from
   * the state it stood in, a Wait until its due time, a task waiting for its token with the same
   * token and deadline. Call once the task handlers can run.
   */
  resume(): void {
    for (const entry of this.journal?.list() ?? []) {
      const machine = this.machines.get(entry.stateMachineArn);
      const execution = this.executions.get(entry.executionArn);
      if (entry.status !== 'RUNNING' || !entry.position || !machine || !execution) continue;
      const definition = resumedDefinition(machine.spec.definition, entry.position, Date.now());
      const { waiting, ...entered } = entry.position;
      this.positions.set(entry.executionArn, { entered, ...(waiting && { waiting: { state: entered.state, ...waiting } }) });
      this.run(
        { ...machine.spec, definition },
        new StateMachine(definition as never, { validationOptions: { checkArn: false, noValidate: true } }),
        execution,
        entry.position,
      );
    }
  }

  /** Ends this runtime's executions where they stand, without recording an end: the journal keeps them running, for the next start. */
  stop(): void {
    this.stopped = true;
    for (const abort of this.aborts) abort();
    this.pending.clear();
  }

  private run(spec: LocalStateMachineSpec, machine: StateMachine, execution: Execution, resumeFrom?: ExecutionPosition): void {
    let lastToken: string | undefined;
    const context = {
      Execution: {
        Id: execution.executionArn,
        Name: execution.name,
        Input: JSON.parse(execution.input) as Parameters<StateMachine['run']>[0],
        StartTime: execution.startDate.toISOString(),
      },
      StateMachine: { Id: spec.arn },
      Task: {
        get Token() {
          lastToken = randomUUID();
          return lastToken;
        },
      },
    };
    const taskResourceLocalHandlers: Record<string, (input: unknown) => Promise<unknown>> = {};
    for (const [stateName, state] of Object.entries(spec.definition.States)) {
      // lambda:invoke names its function in Parameters; a payload-only task has the function as Resource.
      const payloadOnly = state.Resource?.startsWith('arn:aws:lambda:') ?? false;
      const functionArn = payloadOnly ? state.Resource : state.Parameters?.FunctionName;
      const functionName =
        state.Type === 'Task'
          ? String(functionArn ?? '')
              .split(':')
              .pop()
          : undefined;
      const taskHandler = functionName ? spec.functions[functionName] : undefined;
      if (!taskHandler) continue;
      const handler = async (payload: unknown) => {
        this.activeHandlers++;
        try {
          return await taskHandler(payload);
        } catch (error) {
          // Step Functions will retry or catch it; a developer running locally wants to see it.
          console.error(`[local step functions] ${stateName} failed (${(error as Error).name}): ${(error as Error).message}`);
          throw error;
        } finally {
          this.activeHandlers--;
        }
      };
      const waitingAgain = stateName.startsWith(RESUMED_PREFIX) ? resumeFrom?.waiting : undefined;
      taskResourceLocalHandlers[stateName] = waitingAgain
        ? // Resumed: the handler ran before the restart; its token waits on, until its first deadline.
          () =>
            new Promise((resolve, reject) => {
              this.pending.set(waitingAgain.token, { executionArn: execution.executionArn, deadline: waitingAgain.deadline, resolve, reject });
            })
        : state.Resource?.endsWith('.waitForTaskToken')
          ? async (input) => {
              const token = lastToken;
              if (!token) throw new Error(`${stateName}: no task token in its payload`);
              const timeoutSeconds = state.TimeoutSeconds ?? (input as Record<string, number>)[TIMEOUT_PARAMETER] ?? 60;
              const deadline = Date.now() + timeoutSeconds * 1000;
              const waiting = new Promise((resolve, reject) => {
                this.pending.set(token, { executionArn: execution.executionArn, deadline, resolve, reject });
              });
              this.notePosition(execution.executionArn, (at) => (at.waiting = { state: stateName.replace(RESUMED_PREFIX, ''), token, deadline }));
              try {
                await handler(payloadOnly ? input : (input as { Payload: unknown }).Payload);
              } catch (error) {
                this.pending.delete(token);
                throw error;
              }
              return waiting;
            }
          : payloadOnly
            ? (input) => handler(input)
            : async (input) => ({ StatusCode: 200, Payload: await handler((input as { Payload: unknown }).Payload) });
    }
    const startInput: unknown = resumeFrom ? resumeFrom.input : JSON.parse(execution.input);
    const running = machine.run(startInput as Parameters<StateMachine['run']>[0], {
      overrides: { taskResourceLocalHandlers: taskResourceLocalHandlers as never },
      context,
      noThrowOnAbort: true,
    });
    this.aborts.add(running.abort);
    execution.abort = running.abort;
    if (this.onTransition || this.journal) void this.followEvents(spec.arn, execution.executionArn, running.eventLogs);
    // Stopped for a restart (aborted, or ending as this runtime stops): not an end; the journal keeps it running.
    // Stopped by StopExecution: already ABORTED, which stays.
    running.result
      .then(
        (output) => this.stopped || execution.status !== 'RUNNING' || Object.assign(execution, { status: 'SUCCEEDED', output: JSON.stringify(output) }),
        (error: Error) =>
          this.stopped ||
          execution.status !== 'RUNNING' ||
          Object.assign(execution, {
            status: error.name === 'States.Timeout' ? 'TIMED_OUT' : 'FAILED',
            error: error.name,
            cause: error.message,
          }),
      )
      .finally(() => {
        this.aborts.delete(running.abort);
        if (this.stopped) return;
        this.positions.delete(execution.executionArn);
        execution.stopDate = new Date();
        for (const [token, task] of this.pending) if (task.executionArn === execution.executionArn) this.pending.delete(token);
        this.journal?.put(entryOf(execution));
        this.onStatusChange?.(statusChangeEvent(execution));
      });
  }

  /**
   * Reads an execution's event log to its end (the runner closes it when the execution stops):
   * each transition for the meter, each state entered for the journal.
   */
  private async followEvents(stateMachineArn: string, executionArn: string, events: ReturnType<StateMachine['run']>['eventLogs']): Promise<void> {
    for await (const event of events) {
      if (this.stopped) return;
      if (event.type === 'StateEntered' || event.type === 'StateRetried') this.onTransition?.(stateMachineArn, event.state.name);
      if (event.type === 'StateEntered') {
        const state = event.state.name.replace(RESUMED_PREFIX, '');
        this.notePosition(executionArn, (at) => {
          at.entered = { state, input: event.state.input, enteredAt: Date.now() };
          if (at.waiting?.state !== state) delete at.waiting;
        });
      }
    }
  }

  private takeTask(taskToken: string): PendingTask {
    const task = this.pending.get(taskToken);
    if (!task) throw new SfnApiError('TaskDoesNotExist', 'Task Does Not Exist');
    this.pending.delete(taskToken);
    this.notePosition(task.executionArn, (at) => {
      if (at.waiting?.token === taskToken) delete at.waiting;
    });
    if (Date.now() >= task.deadline) throw new SfnApiError('TaskTimedOut', 'Task Timed Out');
    return task;
  }

  sendTaskSuccess(request: { taskToken: string; output: string }): Record<string, never> {
    this.takeTask(request.taskToken).resolve(JSON.parse(request.output));
    return {};
  }

  sendTaskFailure(request: { taskToken: string; error?: string; cause?: string }): Record<string, never> {
    this.takeTask(request.taskToken).reject(namedError(request.error ?? 'States.TaskFailed', request.cause ?? ''));
    return {};
  }

  /**
   * As AWS's StopExecution: a running execution ends ABORTED where it stands (a Wait or a task
   * waiting on its token never resumes, and its tokens die); one that already ended is left as it is.
   */
  stopExecution(request: { executionArn: string; error?: string; cause?: string }): { stopDate: Date } {
    const execution = this.executions.get(request.executionArn);
    if (!execution) throw new SfnApiError('ExecutionDoesNotExist', 'Execution Does Not Exist');
    if (execution.status === 'RUNNING') {
      Object.assign(execution, { status: 'ABORTED', error: request.error, cause: request.cause, stopDate: new Date() });
      for (const [token, task] of this.pending) if (task.executionArn === execution.executionArn) this.pending.delete(token);
      execution.abort?.();
    }
    return { stopDate: execution.stopDate ?? new Date() };
  }

  describeExecution(request: { executionArn: string }) {
    const execution = this.executions.get(request.executionArn);
    if (!execution) throw new SfnApiError('ExecutionDoesNotExist', 'Execution Does Not Exist');
    return withoutAbort(execution);
  }

  listExecutions(): Execution[] {
    return [...this.executions.values()].map(withoutAbort);
  }

  /** True while a task handler runs: the virtual clock waits for it before moving on. */
  busy(): boolean {
    return this.activeHandlers > 0;
  }

  /**
   * The Step Functions JSON protocol (awsJson1_0), so that @aws-sdk/client-sfn can point its
   * endpoint here: returns the HTTP status and body for one X-Amz-Target call.
   */
  handle(target: string, body: string): { status: number; body: string } {
    const operation = target.replace(/^AWSStepFunctions\./, '');
    try {
      const request = JSON.parse(body || '{}') as Record<string, unknown>;
      const operations: Record<string, (request: never) => unknown> = {
        StartExecution: (r) => this.startExecution(r),
        SendTaskSuccess: (r) => this.sendTaskSuccess(r),
        SendTaskFailure: (r) => this.sendTaskFailure(r),
        SendTaskHeartbeat: () => ({}),
        StopExecution: (r) => this.stopExecution(r),
        DescribeExecution: (r) => this.describeExecution(r),
      };
      const run = operations[operation];
      if (!run) throw new SfnApiError('UnknownOperationException', `Not supported locally: ${operation}`);
      const result = run(request as never) as Record<string, unknown>;
      // The JSON protocol sends timestamps as epoch seconds.
      const epochs = Object.fromEntries(Object.entries(result).map(([k, v]) => [k, v instanceof Date ? v.getTime() / 1000 : v]));
      return { status: 200, body: JSON.stringify(epochs) };
    } catch (error) {
      const name = error instanceof SfnApiError ? error.name : 'InvalidParameterValueException';
      return { status: 400, body: JSON.stringify({ __type: name, message: (error as Error).message }) };
    }
  }
}
