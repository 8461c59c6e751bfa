import type { ApiResult } from './api';
import { refresh } from './app';
import { focusErrorSummary, noErrors, type FormErrors } from './ui';

/** A form's state as every page keeps it. */
export interface FormState {
  busy: boolean;
  errors: FormErrors;
}

/**
 * Sends a form: busy (button disabled, spinner) while the API works, so nothing goes twice; the
 * errors of a previous try are cleared on success.
 */
export const send = async <T>(form: FormState, call: () => Promise<ApiResult<T>>): Promise<ApiResult<T>> => {
  form.busy = true;
  refresh();
  try {
    const result = await call();
    if (result.ok) form.errors = noErrors();
    return result;
  } finally {
    form.busy = false;
  }
};

/** Shows why a form was refused: beside each field and in the summary, which takes the focus. */
export const refuse = (form: FormState, errors: FormErrors) => {
  form.errors = errors;
  refresh();
  focusErrorSummary();
};
