import type { RcamStatus } from '../../../shared/domain/rcam-ports';
import type { EnrollmentView } from '../../../shared/domain/rcam';
import { html, nothing } from 'lit-html';
import { api } from '../api';
import { loadMe, refresh, type Page } from '../app';
import { date, dateTime, list, shortDateTime, t } from '../i18n';
import { refuse, send } from '../form';
import { button, errorSummary, errorsFrom, field, formValues, noErrors, notification, type FormErrors } from '../ui';

/** GET /api/v1/rcam/enrollment: the domain's own type. */
type Enrollment = EnrollmentView;

// The road of a request that goes well, in order: what the timeline shows as still to come.
const ROAD: RcamStatus[] = ['pending_review', 'letter_queued', 'letter_sent', 'letter_delivered', 'code_redeemed', 'rcam_active', 'complete'];
const ENDED: RcamStatus[] = ['rejected', 'review_expired', 'letter_undelivered', 'code_expired'];
const WAITING_FOR_CODE: RcamStatus[] = ['letter_sent', 'letter_delivered'];
const REDEEMED: RcamStatus[] = ['code_redeemed', 'rcam_active', 'complete'];

const state: { enrollment?: Enrollment; loadError?: string; errors: FormErrors; busy: boolean; justRequested: boolean } = {
  errors: noErrors(),
  busy: false,
  justRequested: false,
};

const load = async () => {
  const result = await api<Enrollment>('GET', '/rcam/enrollment');
  state.enrollment = result.ok ? result.data : undefined;
  state.loadError = result.ok || result.error.code === 'no_enrollment' ? undefined : result.error.message;
};

const requestLabels = () => ({
  staffNumber: t('rcam.staffNumber'),
  staffNumberConfirmation: t('rcam.staffNumberConfirmation'),
  lastName: t('rcam.lastName'),
  firstName: t('rcam.firstName'),
  birthDate: t('rcam.birthDate'),
});

const requestCode = async (event: SubmitEvent) => {
  const values = formValues(event);
  const result = await send(state, () => api('POST', '/rcam/code-requests', values));
  if (!result.ok) {
    // Another tab or device made a request meanwhile: show where it stands.
    if (result.error.code === 'request_active') await load();
    return refuse(state, errorsFrom(result.error));
  }
  state.justRequested = true;
  await load();
  refresh();
  requestAnimationFrame(() => document.getElementById('rcam-status')?.focus());
};

const redeem = async (event: SubmitEvent) => {
  const { code } = formValues(event);
  const result = await send(state, () => api('POST', '/rcam/code-redemptions', { code }));
  if (!result.ok) {
    if (result.error.code === 'code_expired') await load();
    return refuse(state, errorsFrom(result.error, { invalid_code: 'code', code_expired: 'code', too_many_attempts: 'code' }));
  }
  await Promise.all([load(), loadMe()]);
  refresh();
  requestAnimationFrame(() => document.querySelector<HTMLElement>('main h1')?.focus());
};

const requestForm = () => html`
  <h2 class="ecl-u-type-heading-2">${t('rcam.requestTitle')}</h2>
  <ol class="pa-instructions">
    ${list('rcam.instructions').map((item) => html`<li>${item}</li>`)}
  </ol>
  <p class="ecl-u-type-paragraph-s">${t('common.requiredNote')}</p>
  ${errorSummary(state.errors, requestLabels())}
  <form novalidate @submit=${requestCode} class="pa-form">
    ${field({ name: 'staffNumber', label: t('rcam.staffNumber'), errors: state.errors, inputmode: 'numeric', autocomplete: 'off', width: 's' })}
    ${field({
      name: 'staffNumberConfirmation',
      label: t('rcam.staffNumberConfirmation'),
      errors: state.errors,
      inputmode: 'numeric',
      autocomplete: 'off',
      width: 's',
    })}
    ${field({ name: 'lastName', label: t('rcam.lastName'), errors: state.errors, autocomplete: 'family-name' })}
    ${field({ name: 'firstName', label: t('rcam.firstName'), errors: state.errors, autocomplete: 'given-name' })}
    ${field({
      name: 'birthDate',
      label: t('rcam.birthDate'),
      errors: state.errors,
      autocomplete: 'bday',
      inputmode: 'numeric',
      width: 's',
      help: t('rcam.birthDateHelp'),
    })}
    ${button(t('rcam.send'), { busy: state.busy })}
  </form>
`;

const timeline = (enrollment: Enrollment) => {
  const reached = new Set(enrollment.timeline.map((entry) => entry.status));
  const ended = ENDED.includes(enrollment.status);
  const toCome = ended ? [] : ROAD.filter((status) => !reached.has(status) && ROAD.indexOf(status) > ROAD.indexOf(enrollment.status));
  return html`<h2 class="ecl-u-type-heading-2">${t('rcam.timelineTitle')}</h2>
    <ol class="ecl-timeline pa-timeline">
      ${enrollment.timeline.map(
        (entry) =>
          html`<li class="ecl-timeline__item pa-timeline__item pa-timeline__item--done">
            <div class="ecl-timeline__label">${shortDateTime(entry.at)}</div>
            <div class="ecl-timeline__title">${t(`rcam.status.${entry.status}`)}</div>
            <div class="ecl-timeline__content">${t(`rcam.statusText.${entry.status}`)}</div>
          </li>`,
      )}
      ${toCome.map(
        (status) =>
          html`<li class="ecl-timeline__item pa-timeline__item pa-timeline__item--future">
            <div class="ecl-timeline__label">${t('rcam.toCome')}</div>
            <div class="ecl-timeline__title">${t(`rcam.status.${status}`)}</div>
          </li>`,
      )}
    </ol>`;
};

const codeForm = (enrollment: Enrollment) => html`
  <h2 class="ecl-u-type-heading-2">${t('rcam.codeTitle')}</h2>
  <p class="ecl-u-type-paragraph">${t('rcam.codeText')}</p>
  ${
    enrollment.codeExpiresAt
      ? html`<p class="ecl-u-type-paragraph"><strong>${t('rcam.codeUntil', { date: date(enrollment.codeExpiresAt) })}</strong></p>`
      : nothing
  }
  ${errorSummary(state.errors, { code: t('rcam.code') })}
  <form novalidate @submit=${redeem} class="pa-form">
    ${field({ name: 'code', label: t('rcam.code'), errors: state.errors, autocomplete: 'off', width: 'm', help: t('rcam.codeHelp') })}
    ${button(t('rcam.send'), { busy: state.busy })}
  </form>
`;

const success = (enrollment: Enrollment) => html`
  ${notification(
    'success',
    t('rcam.successTitle'),
    html`<p>${t('rcam.successText')}</p>
      <ul>
        <li>${t('rcam.rcamFrom', { date: dateTime(enrollment.rcamAvailableAt!) })}</li>
        <li>${t('rcam.myIntracommFrom', { date: dateTime(enrollment.myIntracommAvailableAt!) })}</li>
      </ul>`,
  )}
  <p class="ecl-u-type-paragraph">${t('rcam.rememberSignOut')}</p>
  <h2 class="ecl-u-type-heading-3">${t('rcam.usefulLinks')}</h2>
  <ul class="ecl-unordered-list">
    <li class="ecl-unordered-list__item">
      ${t('rcam.linkMyIntracomm')} <a class="ecl-link" href="https://myintracomm.ec.europa.eu/retired/FR/Pages/index.aspx">myintracomm.ec.europa.eu</a>
    </li>
    <li class="ecl-unordered-list__item">${t('rcam.linkRcam')} <a class="ecl-link" href="https://webgate.ec.europa.eu/RCAM/">webgate.ec.europa.eu/RCAM</a></li>
  </ul>
`;

const statusView = (enrollment: Enrollment) => {
  if (REDEEMED.includes(enrollment.status)) return html`${success(enrollment)} ${timeline(enrollment)}`;
  const ended = ENDED.includes(enrollment.status);
  return html`
    <div id="rcam-status" tabindex="-1">
      ${
        state.justRequested && enrollment.status === 'pending_review'
          ? notification('success', t('rcam.requestedTitle'), html`<p>${t('rcam.requestedText')}</p>`)
          : nothing
      }
      ${ended ? notification('warning', t(`rcam.status.${enrollment.status}`), html`<p>${t(`rcam.endedText.${enrollment.status}`)}</p>`) : nothing}
      ${!ended && !WAITING_FOR_CODE.includes(enrollment.status) ? html`<p class="ecl-u-type-paragraph">${t('rcam.waitLetter')}</p>` : nothing}
    </div>
    ${WAITING_FOR_CODE.includes(enrollment.status) ? codeForm(enrollment) : nothing} ${timeline(enrollment)}
    ${ended ? html`<div class="ecl-u-mt-xl">${requestForm()}</div>` : nothing}
  `;
};

/** RCAM en ligne (manual, steps 14 to 16): ask for a code, follow the letter, enter its code. */
export const rcam: Page = {
  path: '/rcam',
  title: () => t('rcam.title'),
  needs: 'sms',
  enter: async () => {
    state.errors = noErrors();
    state.justRequested = false;
    await load();
  },
  view: () => html`
    <h1 class="ecl-u-type-heading-1" tabindex="-1">${t('rcam.title')}</h1>
    ${state.loadError ? notification('error', state.loadError) : state.enrollment ? statusView(state.enrollment) : requestForm()}
  `,
};
