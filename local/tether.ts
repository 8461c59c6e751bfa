import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';

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
}

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
  return {
    child,
    stop: (signal = 'SIGTERM') => {
      if (stopped || !child.pid) return;
      stopped = true;
      try {
        process.kill(-child.pid, signal);
      } catch {
        // the group is gone already
      }
      child.stdin!.destroy();
    },
  };
};
