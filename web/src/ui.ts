import { html, nothing, type TemplateResult } from 'lit-html';
import { ifDefined } from 'lit-html/directives/if-defined.js';
import type { ApiError } from './api';
import { apiMessage, dateTime, t, type Message } from './i18n';

/** What a form shows after a refused submission: a summary on top and a message beside each field. */
export interface FormErrors {
  /** The API's error code, for pages that offer a way out (a sign-in link, a new request). */
  code?: string;
  summary?: Message;
  fields: Record<string, Message>;
  rules?: Message[];
}

export const noErrors = (): FormErrors => ({ fields: {} });

/**
 * Turns an API error into form errors. `concerns` names the field an error without field details is
 * about (a wrong SMS code is about the code field), so that every error shows next to its field.
 */
export const errorsFrom = (error: ApiError, concerns: Record<string, string> = {}): FormErrors => {
  const fields = Object.fromEntries(Object.entries(error.fields ?? {}).map(([name, field]) => [name, apiMessage('fields', field.code, field.message)]));
  const message = apiMessage('errors', error.code, error.message);
  // A limit says when it lifts (Retry-After), rounded up to the minute.
  const wait = error.retryAfterSeconds;
  const summary = wait ? () => `${message()} ${t('common.retryIn', { minutes: Math.max(1, Math.ceil(wait / 60)) })}` : message;
  const field = concerns[error.code];
  if (field && !fields[field]) fields[field] = summary;
  return { code: error.code, summary, fields, rules: error.rules?.map((rule) => apiMessage('passwordRules', rule.rule, rule.message)) };
};

/** A sprite icon from ECL, decorative. */
export const icon = (name: string, size: 'xs' | 's' | 'm' | 'l' = 's', extra = '') =>
  html`<svg class="ecl-icon ecl-icon--${size} ${extra}" focusable="false" aria-hidden="true"><use href="/ecl/icons.svg#${name}"></use></svg>`;

interface FieldOptions {
  name: string;
  /** When several forms on a page share a field name. */
  id?: string;
  label: string;
  errors: FormErrors;
  type?: string;
  autocomplete?: string;
  help?: string | TemplateResult;
  value?: string;
  inputmode?: string;
  width?: 's' | 'm' | 'l';
  optional?: boolean;
  onInput?: (event: Event) => void;
}

const describedBy = (name: string, help: unknown, error: unknown) =>
  [help ? `${name}-help` : '', error ? `${name}-error` : ''].filter(Boolean).join(' ') || undefined;

const label = (name: string, text: string, optional?: boolean, invalid?: boolean) =>
  html`<label class="ecl-form-label ${invalid ? 'ecl-form-label--invalid' : ''}" for=${name}
    >${text}${optional ? nothing : html`<span class="ecl-form-label__required" aria-hidden="true">*</span>`}</label
  >`;

const feedback = (name: string, error?: string) =>
  error ? html`<div class="ecl-feedback-message" id="${name}-error">${icon('error', 's', 'pa-feedback-icon')} ${error}</div>` : nothing;

/** An ECL text input with its label, help and error. */
export const field = (o: FieldOptions) => {
  const error = o.errors.fields[o.name]?.();
  const id = o.id ?? o.name;
  return html`<div class="ecl-form-group ecl-u-mb-l">
    ${label(id, o.label, o.optional, Boolean(error))} ${o.help ? html`<div class="ecl-help-block" id="${id}-help">${o.help}</div>` : nothing}
    ${feedback(id, error)}
    <input
      class="ecl-text-input ecl-text-input--${o.width ?? 'm'} ${error ? 'ecl-text-input--invalid' : ''}"
      id=${id}
      name=${o.name}
      type=${o.type ?? 'text'}
      autocomplete=${ifDefined(o.autocomplete)}
      inputmode=${ifDefined(o.inputmode)}
      value=${ifDefined(o.value)}
      ?required=${!o.optional}
      aria-invalid=${error ? 'true' : 'false'}
      aria-describedby=${ifDefined(describedBy(id, o.help, error))}
      @input=${o.onInput ?? nothing}
    />
  </div>`;
};

/** An ECL multi-line text field. */
export const textArea = (o: FieldOptions) => {
  const error = o.errors.fields[o.name]?.();
  return html`<div class="ecl-form-group ecl-u-mb-l">
    ${label(o.name, o.label, o.optional, Boolean(error))} ${o.help ? html`<div class="ecl-help-block" id="${o.name}-help">${o.help}</div>` : nothing}
    ${feedback(o.name, error)}
    <textarea
      class="ecl-text-area ecl-text-area--m ${error ? 'ecl-text-area--invalid' : ''}"
      id=${o.name}
      name=${o.name}
      rows="3"
      ?required=${!o.optional}
      aria-invalid=${error ? 'true' : 'false'}
      aria-describedby=${ifDefined(describedBy(o.name, o.help, error))}
    ></textarea>
  </div>`;
};

/** An ECL select. */
export const select = (o: {
  name: string;
  label: string;
  errors: FormErrors;
  options: Array<{ value: string; label: string; lang?: string }>;
  value: string;
  help?: string;
  onChange?: (value: string) => void;
}) => {
  const error = o.errors.fields[o.name]?.();
  return html`<div class="ecl-form-group ecl-u-mb-l">
    ${label(o.name, o.label, false, Boolean(error))} ${o.help ? html`<div class="ecl-help-block" id="${o.name}-help">${o.help}</div>` : nothing}
    ${feedback(o.name, error)}
    <div class="ecl-select__container ecl-select__container--m ${error ? 'ecl-select__container--invalid' : ''}">
      <select
        class="ecl-select"
        id=${o.name}
        name=${o.name}
        required
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${ifDefined(describedBy(o.name, o.help, error))}
        @change=${(event: Event) => o.onChange?.((event.target as HTMLSelectElement).value)}
      >
        ${o.options.map(
          (option) => html`<option value=${option.value} lang=${ifDefined(option.lang)} ?selected=${option.value === o.value}>${option.label}</option>`,
        )}
      </select>
      <div class="ecl-select__icon">${icon('corner-arrow', 's', 'ecl-icon--rotate-180 ecl-select__icon-shape')}</div>
    </div>
  </div>`;
};

/** An ECL checkbox; its label may hold a link. */
export const checkbox = (o: { name: string; label: TemplateResult | string; errors: FormErrors }) => {
  const error = o.errors.fields[o.name]?.();
  return html`<div class="ecl-form-group ecl-u-mb-l">
    ${feedback(o.name, error)}
    <div class="ecl-checkbox ${error ? 'ecl-checkbox--invalid' : ''}">
      <input
        type="checkbox"
        class="ecl-checkbox__input"
        id=${o.name}
        name=${o.name}
        required
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${ifDefined(error ? `${o.name}-error` : undefined)}
      />
      <label class="ecl-checkbox__label" for=${o.name}>
        <span class="ecl-checkbox__box" aria-hidden="true">${icon('check', 's', 'ecl-checkbox__icon')}</span>
        <span class="ecl-checkbox__text">${o.label}</span>
      </label>
    </div>
  </div>`;
};

/** An ECL radio group in a fieldset; options may be disabled, with their reason in the label. */
export const radios = (o: {
  name: string;
  legend: string;
  errors: FormErrors;
  value: string;
  options: Array<{ value: string; label: string; disabled?: boolean; note?: string }>;
  onChange?: (value: string) => void;
}) => {
  const error = o.errors.fields[o.name]?.();
  return html`<fieldset class="ecl-form-group ecl-u-mb-l" aria-describedby=${ifDefined(error ? `${o.name}-error` : undefined)}>
    <legend class="ecl-form-label">${o.legend}</legend>
    ${feedback(o.name, error)}
    ${o.options.map(
      (option) =>
        html`<div class="ecl-radio ${option.disabled ? 'ecl-radio--disabled' : ''}">
          <input
            type="radio"
            class="ecl-radio__input"
            id="${o.name}-${option.value}"
            name=${o.name}
            value=${option.value}
            ?checked=${option.value === o.value}
            ?disabled=${option.disabled}
            @change=${() => o.onChange?.(option.value)}
          />
          <label class="ecl-radio__label" for="${o.name}-${option.value}">
            <span class="ecl-radio__box"><span class="ecl-radio__box-inner"></span></span>
            <span class="ecl-radio__text">${option.label}${option.note ? html` <span class="pa-note">(${option.note})</span>` : nothing}</span>
          </label>
        </div>`,
    )}
  </fieldset>`;
};

/** A button that shows it is working: disabled, a spinner and a "please wait" text while busy. */
export const button = (
  text: string,
  o: { busy?: boolean; variant?: 'primary' | 'secondary' | 'ghost'; type?: 'submit' | 'button'; onClick?: () => void; label?: string; expanded?: boolean } = {},
) =>
  html`<button
      type=${o.type ?? 'submit'}
      aria-label=${ifDefined(o.label)}
      aria-expanded=${ifDefined(o.expanded === undefined ? undefined : String(o.expanded))}
      class="ecl-button ecl-button--${o.variant ?? 'primary'} pa-button"
      ?disabled=${o.busy}
      aria-busy=${o.busy ? 'true' : 'false'}
      @click=${o.onClick ?? nothing}
    >
      <span class="ecl-button__container">
        ${o.busy ? html`<span class="pa-busy" aria-hidden="true"></span>` : nothing}
        <span class="ecl-button__label">${text}</span>
      </span></button
    >${o.busy ? html`<span class="ecl-u-sr-only" role="status">${t('common.pleaseWait')}</span>` : nothing}`;

const NOTIFICATION_ICONS = { info: 'information', success: 'check-filled', warning: 'warning', error: 'error' } as const;

/** An ECL notification. Errors are announced (role=alert); others are polite status messages. */
export const notification = (kind: 'info' | 'success' | 'warning' | 'error', title: string, body?: TemplateResult | string, id?: string) =>
  html`<div
    class="ecl-notification ecl-notification--${kind} ecl-u-mb-l"
    role=${kind === 'error' ? 'alert' : 'status'}
    id=${ifDefined(id)}
    tabindex=${ifDefined(id ? '-1' : undefined)}
  >
    ${icon(NOTIFICATION_ICONS[kind], 'l', 'ecl-notification__icon')}
    <div class="ecl-notification__content">
      <div class="ecl-notification__title">${title}</div>
      ${body ? html`<div class="ecl-notification__description">${body}</div>` : nothing}
    </div>
  </div>`;

/** The summary of a refused form: its message, then each field's error as a link to the field. */
export const errorSummary = (errors: FormErrors, labels: Record<string, string> = {}, idOf = (name: string) => name) => {
  if (!errors.summary) return nothing;
  const entries = Object.entries(errors.fields);
  return notification(
    'error',
    errors.summary(),
    entries.length || errors.rules?.length
      ? html`<ul class="pa-error-list">
          ${entries.map(
            ([name, message]) =>
              html`<li>
                <a href="#${idOf(name)}" @click=${focusField(idOf(name))}
                  >${labels[name] ? t('common.fieldError', { field: labels[name], message: message() }) : message()}</a
                >
              </li>`,
          )}
          ${(errors.rules ?? []).map((rule) => html`<li>${rule()}</li>`)}
        </ul>`
      : undefined,
    'error-summary',
  );
};

const focusField = (name: string) => (event: Event) => {
  event.preventDefault();
  document.getElementById(name)?.focus();
};

/** Moves the focus to the error summary once it is on screen, as GOV.UK forms do. */
export const focusErrorSummary = () => requestAnimationFrame(() => document.getElementById('error-summary')?.focus());

/** A loading state that says what it waits for. */
export const loading = () =>
  html`<div class="pa-loading" role="status"><span class="pa-busy pa-busy--dark" aria-hidden="true"></span> ${t('common.loading')}</div>`;

/** The named values of a submitted form, trimmed strings (passwords untouched). */
export const formValues = (event: SubmitEvent): Record<string, string> => {
  event.preventDefault();
  const form = event.target as HTMLFormElement;
  const values: Record<string, string> = {};
  for (const [name, value] of new FormData(form)) values[name] = typeof value === 'string' ? value : '';
  return values;
};

/** One sign-in method in a table of them: a phone, an authenticator app, a security key. */
export interface MethodRow {
  /** What the person calls it: the number, or the name given at enrolment. */
  name: string;
  addedAt: string;
  lastUsedAt?: string;
  /** Its remove button, where the session may remove it. */
  remove?: { busy: boolean; onClick: () => void };
}

/** "Mon compte"'s tables of sign-in methods: name, when added, when last used, and a remove button where allowed. */
export const methodTable = (caption: string, nameHeader: string, rows: MethodRow[]) =>
  html`<table class="ecl-table ecl-table--zebra">
    <caption class="ecl-u-sr-only">
      ${caption}
    </caption>
    <thead class="ecl-table__head">
      <tr class="ecl-table__row">
        <th class="ecl-table__header" scope="col">${nameHeader}</th>
        <th class="ecl-table__header" scope="col">${t('account.addedAt')}</th>
        <th class="ecl-table__header" scope="col">${t('factors.lastUsed')}</th>
        <th class="ecl-table__header" scope="col"><span class="ecl-u-sr-only">${t('account.actions')}</span></th>
      </tr>
    </thead>
    <tbody class="ecl-table__body">
      ${rows.map(
        (row) =>
          html`<tr class="ecl-table__row">
            <td class="ecl-table__cell" data-ecl-table-header=${nameHeader}>${row.name}</td>
            <td class="ecl-table__cell" data-ecl-table-header=${t('account.addedAt')}>${dateTime(row.addedAt)}</td>
            <td class="ecl-table__cell" data-ecl-table-header=${t('factors.lastUsed')}>${row.lastUsedAt ? dateTime(row.lastUsedAt) : t('factors.never')}</td>
            <td class="ecl-table__cell">
              ${
                row.remove
                  ? button(t('account.remove'), {
                      type: 'button',
                      variant: 'secondary',
                      busy: row.remove.busy,
                      label: `${t('account.remove')} ${row.name}`,
                      onClick: row.remove.onClick,
                    })
                  : nothing
              }
            </td>
          </tr>`,
      )}
    </tbody>
  </table>`;
