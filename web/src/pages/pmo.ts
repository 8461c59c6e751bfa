import type { CaseItem } from '../../../shared/domain/cases';
import type { AuditItem, ReviewItem } from '../../../shared/domain/pmo';
import { html, nothing } from 'lit-html';
import { api } from '../api';
import { refresh, type Page } from '../app';
import { dateTime, shortDateTime, t } from '../i18n';
import { now } from '../clock';
import {
  button,
  errorSummary,
  errorsFrom,
  field,
  focusErrorSummary,
  formValues,
  loading,
  noErrors,
  notification,
  radios,
  textArea,
  type FormErrors,
} from '../ui';

/** GET /api/v1/pmo/reviews items: the domain's own type. */
type Review = ReviewItem;

interface Letter {
  letterId: string;
  requestId: string;
  recipient: string;
  staffNumber: string;
  createdAt: string;
  status: string;
  trackingNumber?: string;
  /** The clerk's own request: another clerk must print, send and record it. */
  ownRequest: boolean;
}

const state: {
  /** The "to handle" list: workflows that ended badly. */
  cases: CaseItem[];
  reviews: Review[];
  queued: Letter[];
  sent: Letter[];
  loadError?: string;
  open?: string;
  decision: 'approve' | 'reject';
  errors: FormErrors;
  /** The requests and letters being sent, each on its own: a slow one does not unlock another. */
  busy: Set<string>;
  message?: string;
  /** The audit trails shown, by the element they are shown under (a review or a letter). */
  history: Map<string, { requestId: string; items?: AuditItem[]; error?: string }>;
} = { cases: [], reviews: [], queued: [], sent: [], decision: 'approve', errors: noErrors(), busy: new Set(), history: new Map() };

const load = async () => {
  const [reviews, queued, sent, cases] = await Promise.all([
    api<{ items: Review[] }>('GET', '/pmo/reviews'),
    api<{ items: Letter[] }>('GET', '/pmo/letters?status=queued'),
    api<{ items: Letter[] }>('GET', '/pmo/letters?status=sent'),
    api<{ items: CaseItem[] }>('GET', '/pmo/cases'),
  ]);
  const failed = [reviews, queued, sent, cases].find((result) => !result.ok);
  state.cases = cases.ok ? cases.data.items : [];
  state.loadError = failed && !failed.ok ? failed.error.message : undefined;
  state.reviews = reviews.ok ? reviews.data.items : [];
  state.queued = queued.ok ? queued.data.items : [];
  state.sent = sent.ok ? sent.data.items : [];
};

const done = async (id: string, message: string) => {
  state.open = undefined;
  state.busy.delete(id);
  state.errors = noErrors();
  state.message = message;
  await load();
  refresh();
  requestAnimationFrame(() => document.getElementById('pmo-message')?.focus());
};

const failed = async (id: string, error: Parameters<typeof errorsFrom>[0]) => {
  state.busy.delete(id);
  state.open = id;
  state.errors = errorsFrom(error);
  // Decided, sent or taken by its requester elsewhere meanwhile: the lists as they are now.
  if (['conflict', 'not_found', 'letter_gone', 'own_request', 'case_not_open', 'case_not_found', 'case_not_retryable'].includes(error.code)) await load();
  refresh();
  focusErrorSummary();
};

const decide = (review: Review) => async (event: SubmitEvent) => {
  const values = formValues(event);
  if (state.busy.has(review.requestId)) return;
  state.busy.add(review.requestId);
  refresh();
  const body =
    state.decision === 'approve'
      ? {
          decision: 'approve',
          postalAddress: {
            name: values.addressName,
            // The first line always (its absence is an error beside it), the second if there is one.
            lines: [values.addressLine1, ...(values.addressLine2?.trim() ? [values.addressLine2] : [])],
            postalCode: values.postalCode,
            city: values.city,
            country: values.country,
          },
        }
      : { decision: 'reject', reason: values.reason };
  const result = await api('POST', `/pmo/reviews/${encodeURIComponent(review.requestId)}/decision`, body);
  if (!result.ok) {
    // The address fields arrive as postalAddress.name, postalAddress.lines.0...: shown beside their inputs.
    const fields = Object.fromEntries(
      Object.entries(result.error.fields ?? {}).map(([name, value]) => [
        {
          'postalAddress.name': 'addressName',
          'postalAddress.lines': 'addressLine1',
          'postalAddress.lines.0': 'addressLine1',
          'postalAddress.lines.1': 'addressLine2',
          'postalAddress.postalCode': 'postalCode',
          'postalAddress.city': 'city',
          'postalAddress.country': 'country',
        }[name] ?? name,
        value,
      ]),
    );
    return failed(review.requestId, { ...result.error, fields });
  }
  await done(
    review.requestId,
    state.decision === 'approve'
      ? t('pmo.approved', { name: `${review.firstName} ${review.lastName}` })
      : t('pmo.rejected', { name: `${review.firstName} ${review.lastName}` }),
  );
};

const markSent = (letter: Letter) => async (event: SubmitEvent) => {
  const { trackingNumber } = formValues(event);
  if (state.busy.has(letter.letterId)) return;
  state.busy.add(letter.letterId);
  state.open = letter.letterId;
  refresh();
  const result = await api('POST', `/pmo/letters/${encodeURIComponent(letter.letterId)}/sent`, { trackingNumber });
  if (!result.ok) return failed(letter.letterId, result.error);
  await done(letter.letterId, t('pmo.markedSent', { tracking: trackingNumber }));
};

const markDelivered = (letter: Letter) => async (event: SubmitEvent) => {
  const { deliveredOn } = formValues(event);
  if (state.busy.has(letter.letterId)) return;
  state.busy.add(letter.letterId);
  state.open = letter.letterId;
  refresh();
  const result = await api('POST', `/pmo/letters/${encodeURIComponent(letter.letterId)}/delivered`, { deliveredAt: deliveredOn });
  if (!result.ok) {
    const fields = result.error.fields?.deliveredAt ? { deliveredOn: result.error.fields.deliveredAt } : result.error.fields;
    return failed(letter.letterId, { ...result.error, fields });
  }
  await done(letter.letterId, t('pmo.markedDelivered'));
};

/**
 * The letter's PDF, fetched rather than linked: a session that ended or a letter already delivered
 * is said on the page, not saved as a file named .pdf.
 */
const downloadPdf = async (letter: Letter) => {
  const id = `pdf-${letter.letterId}`;
  state.busy.add(id);
  refresh();
  const result = await api<Blob>('GET', `/pmo/letters/${encodeURIComponent(letter.letterId)}/pdf`);
  state.busy.delete(id);
  if (!result.ok) return failed(letter.letterId, result.error);
  const url = URL.createObjectURL(result.data);
  const link = Object.assign(document.createElement('a'), { href: url, download: `${letter.staffNumber}-${letter.letterId.slice(0, 8)}.pdf` });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  refresh();
};

/** What the audit trail says each action was; an action this client does not know shows as recorded. */
const AUDIT_ACTIONS = [
  'review_approve',
  'review_reject',
  'letter_pdf_downloaded',
  'letter_sent',
  'letter_delivered',
  'code_redeemed',
  'letter_pdf_discarded',
  'workflow_failed',
  'workflow_stuck',
  'case_retried',
  'case_closed',
];
const actionLabel = (action: string) => (AUDIT_ACTIONS.includes(action) ? t(`pmo.auditActions.${action}`) : action);
const actorLabel = (actor: string) => (actor === 'workflow' ? t('pmo.auditWorkflow') : actor);

/** Opens or closes a request's audit trail under `id` (a review card or a letter row), read afresh each time it opens. */
const toggleHistory = (id: string, requestId: string) => async () => {
  if (state.history.delete(id)) return refresh();
  state.history.set(id, { requestId });
  refresh();
  const result = await api<{ items: AuditItem[] }>('GET', `/pmo/requests/${encodeURIComponent(requestId)}/audit`);
  if (!state.history.has(id)) return;
  state.history.set(id, result.ok ? { requestId, items: result.data.items } : { requestId, error: result.error.message });
  refresh();
};

const historyButton = (id: string, requestId: string, whose: string) =>
  button(t('pmo.history'), {
    type: 'button',
    variant: 'ghost',
    label: `${t('pmo.history')} ${whose}`,
    expanded: state.history.has(id),
    onClick: () => void toggleHistory(id, requestId)(),
  });

const auditDetails = (details: Record<string, unknown> = {}) =>
  [
    typeof details.trackingNumber === 'string' ? `${t('pmo.tracking')} ${details.trackingNumber}` : '',
    typeof details.reason === 'string' ? t('pmo.auditReason', { reason: details.reason }) : '',
    typeof details.deliveredAt === 'string' ? t('pmo.auditDelivered', { date: shortDateTime(details.deliveredAt) }) : '',
  ].filter(Boolean);

/** A request's audit trail, oldest first: when, who, what. */
const history = (id: string) => {
  const shown = state.history.get(id);
  if (!shown) return nothing;
  if (shown.error) return notification('error', shown.error);
  if (!shown.items) return loading();
  return html`<div class="pa-panel">
    <p class="ecl-u-type-paragraph ecl-u-type-bold" id="history-${id}">${t('pmo.historyTitle')}</p>
    ${
      shown.items.length
        ? html`<ol class="ecl-ordered-list" aria-labelledby="history-${id}">
            ${shown.items.map(
              (item) =>
                html`<li class="ecl-ordered-list__item">
                  <strong>${shortDateTime(item.at)}</strong> · ${actorLabel(item.actor)} · ${actionLabel(item.action)}
                  ${auditDetails(item.details).map((detail) => html`<br /><span class="ecl-u-type-paragraph-s">${detail}</span>`)}
                </li>`,
            )}
          </ol>`
        : html`<p class="ecl-u-type-paragraph">${t('pmo.historyEmpty')}</p>`
    }
  </div>`;
};

const toggle = (id: string) => () => {
  state.open = state.open === id ? undefined : id;
  state.errors = noErrors();
  state.decision = 'approve';
  refresh();
};

const reviewForm = (review: Review) => html`
  <div class="pa-panel">
    ${errorSummary(state.errors, {
      addressName: t('pmo.addressName'),
      addressLine1: t('pmo.addressLine1'),
      addressLine2: t('pmo.addressLine2'),
      postalCode: t('pmo.postalCode'),
      city: t('pmo.city'),
      country: t('pmo.country'),
      reason: t('pmo.reason'),
    })}
    <form novalidate @submit=${decide(review)} class="pa-form">
      ${radios({
        name: 'decision',
        legend: t('pmo.decision'),
        errors: state.errors,
        value: state.decision,
        options: [
          { value: 'approve', label: t('pmo.approve') },
          { value: 'reject', label: t('pmo.reject') },
        ],
        onChange: (value) => {
          state.decision = value as 'approve' | 'reject';
          refresh();
        },
      })}
      ${
        state.decision === 'approve'
          ? html`<fieldset class="ecl-u-mb-l">
              <legend class="ecl-form-label">${t('pmo.address')}</legend>
              ${field({ name: 'addressName', label: t('pmo.addressName'), errors: state.errors, value: `${review.firstName} ${review.lastName}`, width: 'l' })}
              ${field({ name: 'addressLine1', label: t('pmo.addressLine1'), errors: state.errors, width: 'l' })}
              ${field({ name: 'addressLine2', label: t('pmo.addressLine2'), errors: state.errors, width: 'l', optional: true })}
              ${field({ name: 'postalCode', label: t('pmo.postalCode'), errors: state.errors, width: 's' })}
              ${field({ name: 'city', label: t('pmo.city'), errors: state.errors })}
              ${field({ name: 'country', label: t('pmo.country'), errors: state.errors })}
            </fieldset>`
          : textArea({ name: 'reason', label: t('pmo.reason'), errors: state.errors, help: t('pmo.reasonHelp') })
      }
      ${button(state.decision === 'approve' ? t('pmo.approveSubmit') : t('pmo.rejectSubmit'), { busy: state.busy.has(review.requestId) })}
    </form>
  </div>
`;

const reviews = () => html`
  <h2 class="ecl-u-type-heading-2">${t('pmo.reviewsTitle')}</h2>
  ${
    state.reviews.length
      ? html`<ul class="pa-cards">
          ${state.reviews.map(
            (review) =>
              html`<li class="pa-card">
                <h3 class="ecl-u-type-heading-4">${review.lastName.toUpperCase()} ${review.firstName}</h3>
                <dl class="ecl-description-list ecl-description-list--horizontal">
                  <dt class="ecl-description-list__term">${t('rcam.staffNumber')}</dt>
                  <dd class="ecl-description-list__definition">${review.staffNumber}</dd>
                  <dt class="ecl-description-list__term">${t('rcam.birthDate')}</dt>
                  <dd class="ecl-description-list__definition">${review.birthDate}</dd>
                  <dt class="ecl-description-list__term">${t('account.username')}</dt>
                  <dd class="ecl-description-list__definition">${review.username} (${review.email})</dd>
                  <dt class="ecl-description-list__term">${t('pmo.submittedAt')}</dt>
                  <dd class="ecl-description-list__definition">${dateTime(review.submittedAt)}</dd>
                </dl>
                ${
                  review.ownRequest
                    ? html`<p class="ecl-u-type-paragraph ecl-u-mt-m" id="own-${review.requestId}">${t('pmo.ownRequest')}</p>`
                    : html`<div class="ecl-u-mt-m">
                        ${button(t('pmo.review'), {
                          type: 'button',
                          variant: 'secondary',
                          label: `${t('pmo.review')} ${review.firstName} ${review.lastName}`,
                          expanded: state.open === review.requestId,
                          onClick: toggle(review.requestId),
                        })}
                      </div>`
                }
                ${state.open === review.requestId && !review.ownRequest ? reviewForm(review) : nothing}
                <div class="ecl-u-mt-s">${historyButton(`review-${review.requestId}`, review.requestId, `${review.firstName} ${review.lastName}`)}</div>
                ${history(`review-${review.requestId}`)}
              </li>`,
          )}
        </ul>`
      : html`<p class="ecl-u-type-paragraph">${t('pmo.noReviews')}</p>`
  }
`;

const letterTable = (letters: Letter[], caption: string, action: (letter: Letter) => ReturnType<typeof html>) => html`
  <table class="ecl-table ecl-table--zebra">
    <caption class="ecl-u-sr-only">
      ${caption}
    </caption>
    <thead class="ecl-table__head">
      <tr class="ecl-table__row">
        <th class="ecl-table__header" scope="col">${t('pmo.letter')}</th>
        <th class="ecl-table__header" scope="col">${t('pmo.createdAt')}</th>
        <th class="ecl-table__header" scope="col">${t('pmo.action')}</th>
      </tr>
    </thead>
    <tbody class="ecl-table__body">
      ${letters.map(
        (letter) =>
          html`<tr class="ecl-table__row">
            <td class="ecl-table__cell">
              <strong>${letter.recipient}</strong> (${letter.staffNumber})<br />
              ${
                letter.status === 'queued' && !letter.ownRequest
                  ? html`<div class="ecl-u-mt-xs">
                      ${button(t('pmo.downloadPdf'), {
                        type: 'button',
                        variant: 'secondary',
                        busy: state.busy.has(`pdf-${letter.letterId}`),
                        label: `${t('pmo.downloadPdf')} ${letter.recipient}`,
                        onClick: () => void downloadPdf(letter),
                      })}
                    </div>`
                  : nothing
              }
              ${letter.trackingNumber ? html`<div class="ecl-u-type-paragraph-s">${t('pmo.tracking')} ${letter.trackingNumber}</div>` : nothing}
              <div class="ecl-u-mt-xs">${historyButton(`letter-${letter.letterId}`, letter.requestId, letter.recipient)}</div>
              ${history(`letter-${letter.letterId}`)}
            </td>
            <td class="ecl-table__cell">${dateTime(letter.createdAt)}</td>
            <td class="ecl-table__cell">${letter.ownRequest ? html`<p class="ecl-u-type-paragraph">${t('pmo.ownLetter')}</p>` : action(letter)}</td>
          </tr>`,
      )}
    </tbody>
  </table>
`;

const letterError = (letter: Letter) => (state.open === letter.letterId ? errorSummary(state.errors, {}, (name) => `${name}-${letter.letterId}`) : nothing);
const letterErrors = (letter: Letter) => (state.open === letter.letterId ? state.errors : noErrors());

const queuedAction = (letter: Letter) =>
  html`${letterError(letter)}
    <form novalidate @submit=${markSent(letter)} class="pa-inline-form">
      ${field({
        name: 'trackingNumber',
        label: t('pmo.trackingNumber'),
        errors: letterErrors(letter),
        width: 'm',
        autocomplete: 'off',
        id: `trackingNumber-${letter.letterId}`,
      })}
      ${button(t('pmo.markSent'), { busy: state.busy.has(letter.letterId), label: `${t('pmo.markSent')} ${letter.recipient}` })}
    </form>`;

const sentAction = (letter: Letter) =>
  html`${letterError(letter)}
    <form novalidate @submit=${markDelivered(letter)} class="pa-inline-form">
      ${field({
        name: 'deliveredOn',
        label: t('pmo.deliveredOn'),
        type: 'date',
        errors: letterErrors(letter),
        width: 'm',
        value: today(),
        id: `deliveredOn-${letter.letterId}`,
      })}
      ${button(t('pmo.markDelivered'), { busy: state.busy.has(letter.letterId), label: `${t('pmo.markDelivered')} ${letter.recipient}` })}
    </form>`;

/** Today in Brussels (the virtual clock's today in local mode): the usual date of a receipt being recorded. */
const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Brussels' }).format(now());

/** Retry or close a stuck case; the list as it is then. */
const handleCase = (stuck: CaseItem, action: 'retry' | 'close') => async () => {
  const id = `case-${stuck.caseId}`;
  if (state.busy.has(id)) return;
  state.busy.add(id);
  refresh();
  const result = await api('POST', `/pmo/cases/${encodeURIComponent(stuck.caseId)}/${action}`);
  if (result.ok) await done(id, t(action === 'retry' ? 'pmo.caseRetried' : 'pmo.caseClosed'));
  else await failed(id, result.error);
};

const cases = () => html`
  <h2 class="ecl-u-type-heading-2">${t('pmo.casesTitle')}</h2>
  <p class="ecl-u-type-paragraph">${t('pmo.casesText')}</p>
  ${
    state.cases.length
      ? html`<ul class="pa-cards">
          ${state.cases.map(
            (stuck) =>
              html`<li class="pa-card">
                <h3 class="ecl-u-type-heading-4">${t(`pmo.caseWorkflows.${stuck.workflow}`)}: ${t(`pmo.caseStatuses.${stuck.status}`)}</h3>
                ${state.open === `case-${stuck.caseId}` ? errorSummary(state.errors, {}) : nothing}
                <dl class="ecl-description-list ecl-description-list--horizontal">
                  ${
                    stuck.username
                      ? html`<dt class="ecl-description-list__term">${t('account.username')}</dt>
                          <dd class="ecl-description-list__definition">${stuck.username}</dd>`
                      : nothing
                  }
                  <dt class="ecl-description-list__term">${t('pmo.caseStoppedAt')}</dt>
                  <dd class="ecl-description-list__definition">${dateTime(stuck.stoppedAt)}</dd>
                  ${
                    stuck.error
                      ? html`<dt class="ecl-description-list__term">${t('pmo.caseError')}</dt>
                          <dd class="ecl-description-list__definition">${stuck.error}</dd>`
                      : nothing
                  }
                </dl>
                <div class="ecl-u-mt-m">
                  ${
                    stuck.retryable
                      ? button(t('pmo.caseRetry'), {
                          type: 'button',
                          busy: state.busy.has(`case-${stuck.caseId}`),
                          label: `${t('pmo.caseRetry')} ${stuck.username ?? ''}`,
                          onClick: () => void handleCase(stuck, 'retry')(),
                        })
                      : html`<p class="ecl-u-type-paragraph">${t('pmo.caseNotRetryable')}</p>`
                  }
                  ${button(t('pmo.caseClose'), {
                    type: 'button',
                    variant: 'secondary',
                    busy: state.busy.has(`case-${stuck.caseId}`),
                    label: `${t('pmo.caseClose')} ${stuck.username ?? ''}`,
                    onClick: () => void handleCase(stuck, 'close')(),
                  })}
                </div>
              </li>`,
          )}
        </ul>`
      : html`<p class="ecl-u-type-paragraph">${t('pmo.noCases')}</p>`
  }
`;

/** The PMO console: pending reviews, letters to print and send, acknowledgements of receipt. */
export const pmo: Page = {
  path: '/pmo',
  title: () => t('pmo.title'),
  needs: 'pmo',
  enter: async () => {
    state.open = undefined;
    state.history.clear();
    state.message = undefined;
    state.errors = noErrors();
    await load();
  },
  view: () => html`
    <h1 class="ecl-u-type-heading-1" tabindex="-1">${t('pmo.title')}</h1>
    ${state.message ? html`<div id="pmo-message" tabindex="-1">${notification('success', state.message)}</div>` : nothing}
    ${state.loadError ? notification('error', state.loadError) : nothing} ${cases()}
    <div class="ecl-u-mt-xl">${reviews()}</div>
    <h2 class="ecl-u-type-heading-2 ecl-u-mt-xl">${t('pmo.queuedTitle')}</h2>
    <p class="ecl-u-type-paragraph">${t('pmo.queuedText')} ${t('pmo.pdfDeletedOnSend')}</p>
    ${state.queued.length ? letterTable(state.queued, t('pmo.queuedTitle'), queuedAction) : html`<p class="ecl-u-type-paragraph">${t('pmo.noLetters')}</p>`}
    <h2 class="ecl-u-type-heading-2 ecl-u-mt-xl">${t('pmo.sentTitle')}</h2>
    ${state.sent.length ? letterTable(state.sent, t('pmo.sentTitle'), sentAction) : html`<p class="ecl-u-type-paragraph">${t('pmo.noLetters')}</p>`}
  `,
};
