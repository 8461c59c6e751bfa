import type { Mailroom } from '#domain/letters-ports';

/** In AWS the PDF waits in the PMO console for printing; nothing else to do when a letter is queued. */
export const printMailroom: Mailroom = { queued: async () => undefined };
