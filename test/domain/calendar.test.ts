import { addCalendarMonths, nextBrusselsMidnight, parseBirthDate, receivedOn } from '#domain/calendar';

describe('nextBrusselsMidnight', () => {
  it.each([
    ['winter (CET, UTC+1)', '2027-01-15T10:00:00Z', '2027-01-15T23:00:00.000Z'],
    ['summer (CEST, UTC+2)', '2027-07-15T10:00:00Z', '2027-07-15T22:00:00.000Z'],
    ['late evening in Brussels, already the next day in no UTC sense', '2027-07-15T21:59:59Z', '2027-07-15T22:00:00.000Z'],
    ['just after Brussels midnight', '2027-07-15T22:00:01Z', '2027-07-16T22:00:00.000Z'],
    ['the night summer time starts', '2027-03-27T12:00:00Z', '2027-03-27T23:00:00.000Z'],
    ['the day summer time starts', '2027-03-28T12:00:00Z', '2027-03-28T22:00:00.000Z'],
    ['the day winter time returns', '2027-10-31T12:00:00Z', '2027-10-31T23:00:00.000Z'],
  ])('gives the next 00:00 Brussels time: %s', (_label, instant, expected) => {
    expect(nextBrusselsMidnight(new Date(instant)).toISOString()).toBe(expected);
  });
});

describe('addCalendarMonths', () => {
  it.each([
    ['2027-01-10T09:30:00Z', '2027-07-10T08:30:00.000Z'], // 10:30 Brussels stays 10:30 Brussels across summer time
    ['2027-08-31T10:00:00Z', '2028-02-29T11:00:00.000Z'], // 31 August + 6 months: the last day of February (leap year)
    ['2026-08-31T10:00:00Z', '2027-02-28T11:00:00.000Z'],
    ['2027-05-15T10:00:00Z', '2027-11-15T11:00:00.000Z'],
  ])('adds 6 calendar months to %s', (instant, expected) => {
    expect(addCalendarMonths(new Date(instant), 6).toISOString()).toBe(expected);
  });
});

describe('parseBirthDate', () => {
  it('reads DD/MM/YYYY', () => expect(parseBirthDate('08/10/1950')).toEqual({ day: 8, month: 10, year: 1950 }));
  it.each(['31/02/1950', '8/10/1950', '1950-10-08', '00/10/1950', '08/13/1950', '08/10/1850', ''])('refuses %j', (typed) => {
    expect(parseBirthDate(typed)).toBeUndefined();
  });
});

describe('receivedOn', () => {
  it('counts a past day of receipt until its last second in Brussels, winter and summer', () => {
    const now = new Date('2026-11-26T10:00:00Z');
    expect(receivedOn('2026-11-20', now).toISOString()).toBe('2026-11-20T22:59:59.000Z');
    expect(receivedOn('2026-07-01', now).toISOString()).toBe('2026-07-01T21:59:59.000Z');
  });

  it('counts today as now, never as an instant still to come', () => {
    const now = new Date('2026-11-26T10:00:00Z');
    expect(receivedOn('2026-11-26', now)).toEqual(now);
  });

  it('keeps a day still to come in the future, where it is refused', () => {
    const now = new Date('2026-11-26T22:30:00Z'); // 23:30 in Brussels
    expect(receivedOn('2026-11-27', now).toISOString()).toBe('2026-11-26T23:00:00.000Z');
    expect(receivedOn('2026-11-27', now) > now).toBe(true);
  });
});
