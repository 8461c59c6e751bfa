/** Calendar rules of the RCAM enrolment, in Brussels time where the manual means a day. */

const BRUSSELS = 'Europe/Brussels';

/** The Brussels calendar date and time of an instant. */
const brusselsParts = (instant: Date) => {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: BRUSSELS,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(instant)
      .map((part) => [part.type, Number(part.value)]),
  );
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute };
};

/** The instant of 00:00 in Brussels on a calendar date (CET is UTC+1, CEST UTC+2). */
export const brusselsMidnight = (year: number, month: number, day: number): Date => {
  for (const offsetHours of [1, 2]) {
    const candidate = new Date(Date.UTC(year, month - 1, day) - offsetHours * 3600_000);
    const parts = brusselsParts(candidate);
    if (parts.hour === 0 && parts.minute === 0 && parts.day === new Date(Date.UTC(year, month - 1, day)).getUTCDate()) return candidate;
  }
  throw new Error(`No Brussels midnight on ${year}-${month}-${day}`);
};

/** 00:00 Brussels time, `days` calendar days after the instant's Brussels date. */
export const brusselsMidnightAfter = (instant: Date, days: number): Date => {
  const { year, month, day } = brusselsParts(instant);
  const target = new Date(Date.UTC(year, month - 1, day + days));
  return brusselsMidnight(target.getUTCFullYear(), target.getUTCMonth() + 1, target.getUTCDate());
};

/** "Dès le lendemain": 00:00 Brussels time on the day after the instant's Brussels date. */
export const nextBrusselsMidnight = (instant: Date): Date => brusselsMidnightAfter(instant, 1);

/**
 * The same instant `months` calendar months later, in Brussels time; a day the month lacks
 * becomes its last day (31 August + 6 months = 28 or 29 February).
 */
export const addCalendarMonths = (instant: Date, months: number): Date => {
  const { year, month, day, hour, minute } = brusselsParts(instant);
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  const midnight = brusselsMidnight(target.getUTCFullYear(), target.getUTCMonth() + 1, Math.min(day, lastDay));
  const seconds = instant.getUTCSeconds() + instant.getUTCMilliseconds() / 1000;
  return new Date(midnight.getTime() + (hour * 60 + minute) * 60_000 + seconds * 1000);
};

/** A real date in DD/MM/YYYY, as the RCAM form asks, or undefined. */
export const parseBirthDate = (typed: string): { day: number; month: number; year: number } | undefined => {
  const match = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(typed.trim());
  if (!match) return undefined;
  const [day, month, year] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || year < 1900) return undefined;
  return { day, month, year };
};

/**
 * When a letter received on a calendar day (YYYY-MM-DD, as an acknowledgement of receipt is dated)
 * counts as delivered: the last second of that Brussels day, or now if the day is today. The later
 * instant is the one that never cuts the person's 6 months short. A day still to come stays in the
 * future (its first instant), for the caller to refuse.
 */
export const receivedOn = (isoDay: string, now: Date): Date => {
  const [year, month, day] = isoDay.split('-').map(Number);
  const startOfDay = brusselsMidnight(year, month, day);
  if (startOfDay > now) return startOfDay;
  const endOfDay = new Date(nextBrusselsMidnight(startOfDay).getTime() - 1000);
  return endOfDay < now ? endOfDay : now;
};
