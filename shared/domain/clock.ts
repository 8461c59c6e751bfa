/** The one source of "now" for every expiry check. */
export interface Clock {
  now(): Date;
}

/** Reads Date.now(): the real time in AWS, the virtual time under `npm start` and in workflow tests. */
export const systemClock: Clock = { now: () => new Date(Date.now()) };

export const addSeconds = (date: Date, seconds: number): Date => new Date(date.getTime() + seconds * 1000);
