import type { OutgoingEmail } from './emails-ports';
import { translate } from './i18n';
import type { Language } from './languages';

export type EmailTemplate =
  | 'passwordLink'
  | 'registrationAttempt'
  | 'phoneAdded'
  | 'phoneRemoved'
  | 'factorAdded'
  | 'factorRemoved'
  | 'passwordChanged'
  | 'signInLocked'
  | 'signInDisabled'
  | 'rcamRejected'
  | 'recoveryCodeUsed'
  | 'recoveryCodesRenewed'
  | 'secondFactorResetRequested'
  | 'secondFactorResetCancelled'
  | 'secondFactorResetDone'
  | 'accountErased'
  | 'emailChangeLink'
  | 'emailChangeAttempt'
  | 'emailChanged';

/** Builds an email from its locale template, with the common signature. */
export const composeEmail = (to: string, language: Language, template: EmailTemplate, params: Record<string, string>): OutgoingEmail => ({
  to,
  language,
  subject: translate(language, `email.${template}.subject`, params),
  text: `${translate(language, `email.${template}.text`, params)}\n\n--\n${translate(language, 'email.signature')}`,
});
