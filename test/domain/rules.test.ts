import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_LIMITS, RULES } from '#domain/rules';

/**
 * README's "Rules and limits" table is written by hand; this holds it to shared/domain/rules.ts, so
 * that neither can change without the other. Each value cell is read back into the value it states.
 */
const HEADER = '| rule | name | value | `LIMITS` | refusal |';

const readmeRows = (): Array<{ name: string; value: string; overridable: string }> => {
  const lines = readFileSync(join(__dirname, '../../README.md'), 'utf8').split('\n');
  const start = lines.indexOf(HEADER);
  if (start < 0) throw new Error(`README has no table headed ${HEADER}`);
  const rows: Array<{ name: string; value: string; overridable: string }> = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const cells = line
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((cell) => cell.trim());
    if (cells.length !== 5) throw new Error(`Not 5 cells: ${line}`);
    const name = /^`(\w+)`$/.exec(cells[1])?.[1];
    if (!name) throw new Error(`No name in code: ${line}`);
    rows.push({ name, value: cells[2], overridable: cells[3] });
  }
  return rows;
};

const UNIT_SECONDS: Record<string, number> = { second: 1, minute: 60, hour: 3600, day: 86400 };
const count = (text: string): number => {
  if (!/^\d{1,3}(,\d{3})*$/.test(text)) throw new Error(`Not a count: ${text}`);
  return Number(text.replaceAll(',', ''));
};
const seconds = (text: string): number => {
  const match = /^(\S+) (second|minute|hour|day)s?$/.exec(text);
  if (!match) throw new Error(`Not a duration: ${text}`);
  return count(match[1]) * UNIT_SECONDS[match[2]];
};
const window = (text: string) => {
  const match = /^(\S+) in (.+)$/.exec(text);
  if (!match) throw new Error(`Not a window: ${text}`);
  return { seconds: seconds(match[2]), limit: count(match[1]) };
};

/** A value cell as the value it states: "15 minutes" is 900, "3 in 10 minutes" a window, "`AT` `BE`" a list. */
const valueOf = (cell: string): unknown => {
  if (cell.startsWith('`')) return cell.split(' ').map((code) => /^`([A-Z]{2})`$/.exec(code)![1]);
  const calendar = /^(\d+) calendar (?:day|month)s?$/.exec(cell);
  if (calendar) return Number(calendar[1]);
  if (cell.includes(' in ')) return cell.includes(', ') ? cell.split(', ').map(window) : window(cell);
  if (/ (second|minute|hour|day)s?$/.test(cell)) return seconds(cell);
  return count(cell);
};

describe("README's rules and limits", () => {
  const rows = readmeRows();
  const rules: Record<string, unknown> = { ...RULES, ...DEFAULT_LIMITS };

  it('name every rule of rules.ts once, and nothing else', () => {
    expect(rows.map((row) => row.name).sort()).toEqual(Object.keys(rules).sort());
    expect(Object.keys(RULES).filter((name) => name in DEFAULT_LIMITS)).toEqual([]);
  });

  it('state the values of rules.ts', () => {
    for (const row of rows) expect([row.name, valueOf(row.value)]).toEqual([row.name, rules[row.name]]);
  });

  it('mark as overridable exactly the default limits', () => {
    for (const row of rows) expect([row.name, row.overridable]).toEqual([row.name, row.name in DEFAULT_LIMITS ? 'yes' : '']);
  });
});

describe('the value reader', () => {
  it.each([
    ['15 minutes', 900],
    ['1 hour', 3600],
    ['72 hours', 259200],
    ['30 days', 2592000],
    ['6 calendar months', 6],
    ['1,000', 1000],
    ['5 in 10 minutes', { seconds: 600, limit: 5 }],
    [
      '3 in 10 minutes, 20 in 24 hours',
      [
        { seconds: 600, limit: 3 },
        { seconds: 86400, limit: 20 },
      ],
    ],
    ['`BE` `FR`', ['BE', 'FR']],
  ])('reads %j', (cell, value) => expect(valueOf(cell)).toEqual(value));

  it.each(['15 mins', 'ten', '1000', '5 per hour', '`be`'])('refuses %j', (cell) => expect(() => valueOf(cell)).toThrow());
});
