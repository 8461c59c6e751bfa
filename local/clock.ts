import * as FakeTimers from '@sinonjs/fake-timers';

type InstalledClock = ReturnType<typeof FakeTimers.install>;

/** Node (and so any fake clock) fires a setTimeout longer than this after 1 ms. */
const MAX_TIMER_DELAY = 2 ** 31 - 1;
/** How often virtual time catches up with real time. */
const FLOW_INTERVAL_MS = 200;
/** How long a jump waits for the work of one timer before moving on regardless: enough for a first letter rendering on a loaded machine. */
const SETTLE_LIMIT_MS = 30_000;

export interface VirtualClock {
  now(): Date;
  /**
   * Moves time forward. Timers that fall due fire in order, each at its own instant, and the work
   * each starts (a task handler, an HTTP call) finishes before time moves on: a jump of six months
   * behaves like six months that went by.
   */
  advance(seconds: number): Promise<Date>;
  /** The timers waiting on the virtual clock, for diagnostics: when each falls due, and its period if it repeats. */
  pendingTimers(): Array<{ dueAt: Date; intervalMs?: number; source: string }>;
  /** Tells the clock how to see that the system is still working on what the last timer started. */
  setActivityProbe(isBusy: () => boolean): void;
  /** Virtual minus real time, in ms: what a restart needs to carry on where time was. */
  offsetMs(): number;
  /**
   * How fast virtual time flows with real time (1 by default). Tests that act one second before a
   * boundary slow it down, so that the real time their requests take (argon2id, a busy machine)
   * does not carry them over it; it never stops, since libraries wait on short timers of their own.
   */
  setRate(rate: number): void;
  uninstall(): void;
}

/**
 * One clock for the whole local runtime: Date, setTimeout and setInterval of this process are
 * faked (node:http keeps its own real timers), virtual time flows with real time, and it can jump.
 * Timers longer than ~24.8 days are re-armed in steps, so a 6-month wait fires after 6 months.
 */
export const installVirtualClock = (options: { offsetMs?: number } = {}): VirtualClock => {
  const realSetInterval = globalThis.setInterval;
  const realClearInterval = globalThis.clearInterval;
  const realSetTimeout = globalThis.setTimeout;
  const realNow = Date.now;
  const clock: InstalledClock = FakeTimers.install({
    now: realNow() + (options.offsetMs ?? 0),
    shouldClearNativeTimers: true,
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
  });
  patchLongTimeouts();

  // Advances run one after another; a failed one must not stop the next.
  let queue: Promise<unknown> = Promise.resolve();
  const tick = (ms: number) => {
    const next = queue.then(() => clock.tickAsync(ms));
    queue = next.catch(() => undefined);
    return next;
  };

  let isBusy: () => boolean = () => false;
  // Real milliseconds become virtual ones at `rate`; the fractions are carried over, not lost.
  let rate = 1;
  let carried = 0;
  const virtualMs = (realMs: number): number => {
    carried += realMs * rate;
    const whole = Math.floor(carried);
    carried -= whole;
    return whole;
  };
  const realPause = (ms: number) => new Promise((ok) => realSetTimeout(ok, ms));
  /** Waits (in real time, bounded) until the work started by the last timer has finished. */
  const settle = async () => {
    // Idle means idle several times in a row: work hands over from one step to the next through
    // promises and zero-delay timers, and looks idle for an instant in between.
    for (let waited = 0, quiet = 0; quiet < 3 && waited < SETTLE_LIMIT_MS;) {
      const before = realNow();
      await realPause(isBusy() ? 2 : 0);
      // Time flows as it does in real life while the work goes on: it may wait on short timers of its own.
      const elapsed = realNow() - before;
      waited += elapsed;
      await clock.tickAsync(virtualMs(elapsed));
      quiet = isBusy() ? 0 : quiet + 1;
    }
  };
  const nextTimer = (): { callAt: number; interval?: number } | undefined =>
    (clock as unknown as { timerHeap?: { peek(): { callAt: number; interval?: number } | undefined } }).timerHeap?.peek();

  const jump = async (ms: number) => {
    const target = clock.now + ms;
    for (;;) {
      const timer = nextTimer();
      const next = timer?.callAt;
      if (next === undefined || next > target) {
        await clock.tickAsync(Math.max(0, target - clock.now));
        // Work that was already under way (a workflow resumed by a request) finishes too.
        await settle();
        return;
      }
      await clock.tickAsync(Math.max(0, next - clock.now));
      // Repeating timers are housekeeping (a server's connection checks): nothing to wait for.
      if (!timer?.interval) await settle();
    }
  };

  let lastReal = realNow();
  // Time must flow: libraries (the AWS SDK among them) wait on short timers of their own.
  const flow = realSetInterval(() => {
    const real = realNow();
    const elapsed = real - lastReal;
    lastReal = real;
    if (elapsed > 0) void tick(virtualMs(elapsed));
  }, FLOW_INTERVAL_MS);
  flow.unref?.();

  return {
    now: () => new Date(Date.now()),
    advance: async (seconds) => {
      const run = queue.then(() => jump(Math.round(seconds * 1000)));
      queue = run.catch(() => undefined);
      await run;
      return new Date(Date.now());
    },
    pendingTimers: () =>
      [...((clock as unknown as { timers?: Map<number, { callAt: number; interval?: number; func: unknown }> }).timers?.values() ?? [])].map((timer) => ({
        dueAt: new Date(timer.callAt),
        intervalMs: timer.interval,
        source: String(timer.func).slice(0, 160),
      })),
    setActivityProbe: (probe) => {
      isBusy = probe;
    },
    offsetMs: () => Date.now() - realNow(),
    setRate: (newRate) => {
      rate = newRate;
    },
    uninstall: () => {
      realClearInterval(flow);
      clock.uninstall();
    },
  };
};

/** Wraps the (faked) global setTimeout so that long delays are chained in steps Node can hold. */
const patchLongTimeouts = (): void => {
  const fakeSetTimeout = globalThis.setTimeout;
  const fakeClearTimeout = globalThis.clearTimeout;
  interface LongTimer {
    current?: ReturnType<typeof setTimeout>;
    [Symbol.toPrimitive]?: () => number;
  }
  const long = new WeakSet<object>();
  const patchedSetTimeout = ((callback: (...args: unknown[]) => void, delay = 0, ...args: unknown[]) => {
    if (delay <= MAX_TIMER_DELAY) return fakeSetTimeout(callback, delay, ...args);
    const handle: LongTimer = {};
    long.add(handle);
    const due = Date.now() + delay;
    const arm = () => {
      const remaining = due - Date.now();
      handle.current = remaining > MAX_TIMER_DELAY ? fakeSetTimeout(arm, MAX_TIMER_DELAY) : fakeSetTimeout(() => callback(...args), Math.max(0, remaining));
    };
    arm();
    return handle as unknown as ReturnType<typeof setTimeout>;
  }) as typeof setTimeout;
  const patchedClearTimeout = ((handle?: unknown) => {
    if (handle && typeof handle === 'object' && long.has(handle)) {
      fakeClearTimeout((handle as LongTimer).current);
      return;
    }
    fakeClearTimeout(handle as ReturnType<typeof setTimeout>);
  }) as typeof clearTimeout;
  globalThis.setTimeout = patchedSetTimeout;
  globalThis.clearTimeout = patchedClearTimeout;
};
