/**
 * The page's "now": the browser's clock, or, when `npm start` serves the site, its virtual clock as
 * last read by the developer bar. Pages read it here; only the developer bar sets it.
 */
let virtual: { at: number; readAt: number } | undefined;

/** Now, by the local virtual clock when there is one, else the browser's. */
export const now = (): Date => new Date(virtual === undefined ? Date.now() : virtual.at + (Date.now() - virtual.readAt));

/** The virtual clock read `at` (local mode only). */
export const setVirtualNow = (at: Date): void => {
  virtual = { at: at.getTime(), readAt: Date.now() };
};
