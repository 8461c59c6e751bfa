import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/**
 * The shell that holds a tethered command. It runs the command in the background, in a process
 * group of its own (the spawn is detached), and reads our end of a pipe: the pipe closes when this
 * process ends, however it ends (SIGKILL included), and the shell then kills the whole group. When
 * the command ends first, the shell kills what it left behind and exits with its status.
 */
const TETHER = [
  'exec 3<&0',
  '"$@" 3<&- </dev/null &',
  'child=$!',
  '{ cat <&3 >/dev/null 2>&1; kill -TERM 0; } 2>/dev/null &',
  'exec 3<&-',
  'wait "$child"; status=$?',
  "trap '' TERM",
  'kill -TERM 0 2>/dev/null',
  'exit $status',
].join('\n');

export interface TetheredProcess {
  child: ChildProcess;
  /** Ends the command and everything it started (idempotent). */
  stop(signal?: NodeJS.Signals): void;
  /** Stops it and resolves once every process of its group is gone (blocking while it waits): SIGKILL for what outlives `graceMs`. */
  end(graceMs?: number): Promise<void>;
}

/**
 * A real pause of `ms`, blocking: under the local runtime's virtual clock every timer is fake,
 * node:timers/promises included, and one that no longer advances would leave nothing to wait on.
 */
const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Whether a process of the group `pgid` still runs. On Linux, from /proc: a zombie is dead, only
 * not yet reaped (a JVM whose tether shell died first waits on PID 1 for that, which a container's
 * init may never do), so it does not count. Elsewhere, whether the group still takes a signal.
 */
const groupAlive = (pgid: number): boolean => {
  if (!existsSync('/proc/self/stat')) {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  }
  return readdirSync('/proc').some((pid) => {
    if (!/^\d+$/.test(pid)) return false;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return Number(pgrp) === pgid && state !== 'Z';
    } catch {
      return false; // gone meanwhile
    }
  });
};

/**
 * Spawns `command` so that it, and every process it starts, ends with this process or on `stop()`:
 * servers, JVMs and browsers never outlive the tests or `npm start` that started them.
 */
export const spawnTethered = (
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; stdout?: 'pipe' | 'ignore' | 'inherit'; stderr?: 'pipe' | 'ignore' | 'inherit' } = {},
): TetheredProcess => {
  const stdio: StdioOptions = ['pipe', options.stdout ?? 'ignore', options.stderr ?? 'ignore'];
  const child = spawn('/bin/sh', ['-c', TETHER, 'tether', command, ...args], { cwd: options.cwd, env: options.env, detached: true, stdio });
  // The pipe is the tether: it stays open, unused, until the command ends or is stopped.
  child.stdin!.on('error', () => undefined);
  child.once('exit', () => child.stdin!.destroy());
  let stopped = false;
  const stop = (signal: NodeJS.Signals = 'SIGTERM') => {
    if (stopped || !child.pid) return;
    stopped = true;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // the group is gone already
    }
    child.stdin!.destroy();
  };
  const end = async (graceMs = 5_000) => {
    stop();
    const pgid = child.pid;
    if (!pgid) return;
    const started = performance.now();
    let killed = false;
    while (groupAlive(pgid)) {
      if (!killed && performance.now() - started > graceMs) {
        killed = true;
        try {
          process.kill(-pgid, 'SIGKILL');
        } catch {
          // gone meanwhile
        }
      }
      pause(20);
    }
  };
  return { child, stop, end };
};
