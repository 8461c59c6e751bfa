import { html, nothing } from 'lit-html';
import { config, refresh, reload } from './app';
import { now, setVirtualNow } from './clock';
import { dateTime, t } from './i18n';

/** The developer bar's state: a jump in progress, or its failure. */
const clock: { busy?: string; error?: string } = {};

const readClock = (body: { now: string }) => setVirtualNow(new Date(body.now));

/** Reads the virtual clock once at start (local mode only). */
export const startDevBar = async () => {
  if (!config().local) return;
  const response = await fetch('/_local/clock').catch(() => undefined);
  if (response?.ok) readClock((await response.json()) as { now: string });
};

// +6 months are calendar months, as the RCAM window counts them.
const JUMPS: Array<{ key: string; seconds: () => number }> = [
  { key: 'devBar.plus15Minutes', seconds: () => 15 * 60 },
  { key: 'devBar.plus24Hours', seconds: () => 24 * 3600 },
  { key: 'devBar.plus1Day', seconds: () => 24 * 3600 },
  {
    key: 'devBar.plus6Months',
    seconds: () => {
      const from = now();
      const to = new Date(from);
      to.setMonth(to.getMonth() + 6);
      return Math.round((to.getTime() - from.getTime()) / 1000);
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
