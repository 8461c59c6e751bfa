import { html, nothing } from 'lit-html';
import { config, refresh, reload } from './app';
import { now, setVirtualNow } from './clock';
import { dateTime, t } from './i18n';
import { addCalendarMonths } from '../../shared/domain/calendar';
import { DAY, RULES } from '../../shared/domain/rules';

/** The developer bar's state: a jump in progress, or its failure. */
const clock: { busy?: string; error?: string } = {};

const readClock = (body: { now: string }) => setVirtualNow(new Date(body.now));

/** Reads the virtual clock once at start (local mode only). */
export const startDevBar = async () => {
  if (!config().local) return;
  const response = await fetch('/_local/clock').catch(() => undefined);
  if (response?.ok) readClock((await response.json()) as { now: string });
};

/** The jumps: each to the end of one of the service's waits (shared/domain/rules.ts), as the manual's steps meet them. */
const JUMPS: Array<{ key: string; seconds: () => number }> = [
  // The activation email's wait, then the password link's lifetime.
  { key: 'devBar.plus15Minutes', seconds: () => RULES.activationEmailDelaySeconds },
  { key: 'devBar.plus24Hours', seconds: () => RULES.passwordLinkLifetimeSeconds },
  // A day: past the next Brussels midnight, when RCAM opens after the letter's code.
  { key: 'devBar.plus1Day', seconds: () => DAY },
  // The letter code's window: calendar months in Brussels time, as the domain counts them, whatever the browser's zone.
  {
    key: 'devBar.plus6Months',
    seconds: () => {
      const from = now();
      return Math.round((addCalendarMonths(from, RULES.rcamCodeWindowMonths).getTime() - from.getTime()) / 1000);
    },
  },
];

const jump = async (key: string, seconds: number) => {
  clock.busy = key;
  clock.error = undefined;
  refresh();
  const response = await fetch('/_local/clock', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ advanceSeconds: seconds }),
  }).catch(() => undefined);
  clock.busy = undefined;
  if (response?.ok) readClock((await response.json()) as { now: string });
  else clock.error = t('errors.network');
  // What the page shows may have changed (a link expired, a letter is due): load it again.
  await reload();
};

/** The developer bar of local mode: the outbox, and the virtual clock with its jumps. */
export const devBar = () => {
  if (!config().local) return nothing;
  return html`<aside class="pa-devbar" aria-label=${t('devBar.label')}>
    <div class="ecl-container pa-devbar__inner">
      <strong>${t('devBar.title')}</strong>
      <a class="pa-devbar__link" href="/_local/outbox" target="_blank" rel="noopener">${t('devBar.outbox')}</a>
      <span class="pa-devbar__clock">${t('devBar.clock')} <time>${dateTime(now().toISOString())}</time></span>
      ${JUMPS.map(
        (j) =>
          html`<button
            type="button"
            class="pa-devbar__button"
            ?disabled=${Boolean(clock.busy)}
            aria-busy=${clock.busy === j.key ? 'true' : 'false'}
            @click=${() => jump(j.key, j.seconds())}
          >
            ${clock.busy === j.key ? t('common.pleaseWait') : t(j.key)}
          </button>`,
      )}
      ${clock.error ? html`<span class="pa-devbar__error">${clock.error}</span>` : nothing}
    </div>
  </aside>`;
};
