import { readdirSync, readFileSync } from 'node:fs';

/** The env variable that marks every process a test starts, children and grandchildren included. */
export const MARK = 'PASSERELLE_PROCESS_MARK';

/** Live processes whose environment carries `MARK=value`, with their command lines (Linux /proc). */
export const markedProcesses = (value: string): string[] => {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (!readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(`${MARK}=${value}`)) continue;
      const status = readFileSync(`/proc/${pid}/stat`, 'latin1');
      if (/\) Z /.test(status)) continue; // a zombie is already dead, only not yet reaped
      found.push(`${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'latin1').replace(/\0/g, ' ').trim()}`);
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
};

/** Waits (real time) until no marked process is left; resolves with what is left after `withinMs`. */
export const leftAfter = async (value: string, withinMs = 15_000): Promise<string[]> => {
  const started = Date.now();
  for (;;) {
    const left = markedProcesses(value);
    if (left.length === 0 || Date.now() - started > withinMs) return left;
    await new Promise((ok) => setTimeout(ok, 100));
  }
};
