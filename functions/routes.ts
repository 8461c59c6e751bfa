import type { Access } from '#shared/access';

export type { Access } from '#shared/access';

/**
 * The HTTP API, one Lambda function per route. CDK deploys exactly these; the local front door
 * serves exactly these (plus its own /_local tools). `entry` is the module under functions/.
 */
export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'ANY';
  path: string;
  /** More API routes to the same function (the OpenID provider answers at /.well-known too). */
  alsoAt?: ReadonlyArray<{ method: Route['method']; path: string; /** Its operation's name in the API's description. */ name?: string }>;
  /**
   * Called from other sites by design (the OpenID endpoints: a service's server posts to the token
   * endpoint, its pages link to the authorization endpoint): no Origin check. CloudFront's header
   * still is checked, and the provider protects its own forms (PKCE, state, its xsrf values).
   */
  crossSite?: boolean;
  entry: string;
  /** A short PascalCase name for the function's construct id. */
  name: string;
  /** What the function may touch: infra grants exactly this, nothing more. */
  access?: Access;
  /** Packages that cannot be bundled (they read files beside their own code): shipped as node_modules. */
  shipModules?: readonly string[];
  /** Data files copied beside the bundle: `from` a path under node_modules, `to` a path in the function. */
  shipFiles?: ReadonlyArray<{ from: string; to: string }>;
}

export const ROUTES: readonly Route[] = [
  { method: 'GET', path: '/api/v1/health', entry: 'system/health', name: 'Health' },
  // The API's own description, generated from the schemas below the handlers (README, "The API"); it reads no data.
  { method: 'GET', path: '/api/v1/openapi.json', entry: 'system/openapi', name: 'OpenApiDocument' },
  { method: 'GET', path: '/api/v1/captcha', entry: 'accounts/get-captcha', name: 'GetCaptcha', access: { table: 'write' }, shipModules: ['svg-captcha'] },
  {
    method: 'POST',
    path: '/api/v1/accounts',
    entry: 'accounts/create-account',
    name: 'CreateAccount',
    access: { table: 'readWrite', sendsEmail: true, startsActivation: true },
  },
  {
    method: 'POST',
    path: '/api/v1/password-links',
    entry: 'passwords/request-link',
    name: 'RequestPasswordLink',
    access: { table: 'readWrite', sendsEmail: true },
  },
  { method: 'POST', path: '/api/v1/password-links/lookup', entry: 'passwords/lookup-link', name: 'LookupPasswordLink', access: { table: 'read' } },
  {
    method: 'POST',
    path: '/api/v1/password',
    entry: 'passwords/set-password',
    name: 'SetPassword',
    access: { table: 'readWrite', sendsEmail: true, resumesTasks: true, hashesSecrets: true },
  },
  { method: 'GET', path: '/api/v1/password-examples', entry: 'passwords/examples', name: 'PasswordExamples' },
  {
    method: 'POST',
    path: '/api/v1/sessions',
    entry: 'sessions/sign-in',
    name: 'SignIn',
    access: { table: 'readWrite', sendsEmail: true, sendsSms: true, hashesSecrets: true },
  },
  {
    method: 'POST',
    path: '/api/v1/sessions/challenge',
    entry: 'sessions/complete-challenge',
    name: 'CompleteSignIn',
    access: { table: 'readWrite', sendsEmail: true, sealsFactorSecrets: true },
  },
  { method: 'POST', path: '/api/v1/sessions/passkey', entry: 'sessions/passkey-options', name: 'PasskeyOptions', access: { table: 'write' } },
  {
    method: 'POST',
    path: '/api/v1/sessions/webauthn',
    entry: 'sessions/complete-key-sign-in',
    name: 'CompleteKeySignIn',
    access: { table: 'readWrite', sendsEmail: true },
  },
  { method: 'DELETE', path: '/api/v1/sessions/current', entry: 'sessions/sign-out', name: 'SignOut', access: { table: 'readWrite' } },
  { method: 'GET', path: '/api/v1/me', entry: 'me/get-me', name: 'GetMe', access: { table: 'readWrite' } },
  { method: 'GET', path: '/api/v1/me/export', entry: 'me/export-personal-data', name: 'ExportPersonalData', access: { table: 'readWrite' } },
  // Erasure stops the account's workflows in flight (StopExecution) and tells the old address.
  {
    method: 'DELETE',
    path: '/api/v1/me',
    entry: 'me/erase-account',
    name: 'EraseAccount',
    access: { table: 'readWrite', sendsEmail: true, stopsWorkflows: true },
  },
  { method: 'PUT', path: '/api/v1/me/email', entry: 'me/change-email', name: 'ChangeEmail', access: { table: 'readWrite', sendsEmail: true } },
  {
    method: 'POST',
    path: '/api/v1/email-changes/confirm',
    entry: 'me/confirm-email',
    name: 'ConfirmEmailChange',
    access: { table: 'readWrite', sendsEmail: true },
  },
  { method: 'DELETE', path: '/api/v1/me/sessions', entry: 'sessions/sign-out-everywhere', name: 'SignOutEverywhere', access: { table: 'readWrite' } },
  { method: 'POST', path: '/api/v1/me/phones', entry: 'phones/add-phone', name: 'AddPhone', access: { table: 'readWrite', sendsSms: true } },
  {
    method: 'POST',
    path: '/api/v1/me/phones/verify',
    entry: 'phones/verify-phone',
    name: 'VerifyPhone',
    access: { table: 'readWrite', sendsEmail: true, hashesSecrets: true },
  },
  {
    method: 'DELETE',
    path: '/api/v1/me/phones/{phoneId}',
    entry: 'phones/remove-phone',
    name: 'RemovePhone',
    access: { table: 'readWrite', sendsEmail: true },
  },
  {
    method: 'POST',
    path: '/api/v1/me/authenticator-apps',
    entry: 'factors/add-authenticator-app',
    name: 'AddAuthenticatorApp',
    access: { table: 'readWrite', sealsFactorSecrets: true },
  },
  {
    method: 'POST',
    path: '/api/v1/me/authenticator-apps/{appId}/confirm',
    entry: 'factors/confirm-authenticator-app',
    name: 'ConfirmAuthenticatorApp',
    access: { table: 'readWrite', sendsEmail: true, sealsFactorSecrets: true },
  },
  {
    method: 'DELETE',
    path: '/api/v1/me/authenticator-apps/{appId}',
    entry: 'factors/remove-authenticator-app',
    name: 'RemoveAuthenticatorApp',
    access: { table: 'readWrite', sendsEmail: true },
  },
  {
    method: 'POST',
    path: '/api/v1/me/security-keys/options',
    entry: 'factors/start-key-registration',
    name: 'StartKeyRegistration',
    access: { table: 'readWrite' },
  },
  {
    method: 'POST',
    path: '/api/v1/me/security-keys',
    entry: 'factors/add-security-key',
    name: 'AddSecurityKey',
    access: { table: 'readWrite', sendsEmail: true },
  },
  {
    method: 'DELETE',
    path: '/api/v1/me/security-keys/{keyId}',
    entry: 'factors/remove-security-key',
    name: 'RemoveSecurityKey',
    access: { table: 'readWrite', sendsEmail: true },
  },
  {
    method: 'POST',
    path: '/api/v1/me/recovery-codes',
    entry: 'recovery/renew-codes',
    name: 'RenewRecoveryCodes',
    access: { table: 'readWrite', sendsEmail: true, hashesSecrets: true },
  },
  {
    method: 'POST',
    path: '/api/v1/me/second-factor-reset',
    entry: 'recovery/request-factor-reset',
    name: 'RequestFactorReset',
    access: { table: 'readWrite', sendsEmail: true, startsFactorReset: true },
  },
  {
    method: 'POST',
    path: '/api/v1/second-factor-reset/cancel',
    entry: 'recovery/cancel-factor-reset',
    name: 'CancelFactorReset',
    access: { table: 'readWrite', sendsEmail: true },
  },
  { method: 'POST', path: '/api/v1/rcam/code-requests', entry: 'rcam/request-code', name: 'RequestRcamCode', access: { table: 'readWrite', startsRcam: true } },
  { method: 'GET', path: '/api/v1/rcam/enrollment', entry: 'rcam/get-enrollment', name: 'GetRcamEnrollment', access: { table: 'readWrite' } },
  {
    method: 'POST',
    path: '/api/v1/rcam/code-redemptions',
    entry: 'rcam/redeem-code',
    name: 'RedeemRcamCode',
    access: { table: 'readWrite', resumesTasks: true },
  },
  { method: 'GET', path: '/api/v1/pmo/reviews', entry: 'pmo/list-reviews', name: 'PmoListReviews', access: { table: 'readWrite' } },
  {
    method: 'POST',
    path: '/api/v1/pmo/reviews/{requestId}/decision',
    entry: 'pmo/decide',
    name: 'PmoDecide',
    access: { table: 'readWrite', resumesTasks: true },
  },
  { method: 'GET', path: '/api/v1/pmo/letters', entry: 'pmo/list-letters', name: 'PmoListLetters', access: { table: 'readWrite' } },
  { method: 'GET', path: '/api/v1/pmo/letters/{letterId}/pdf', entry: 'pmo/letter-pdf', name: 'PmoLetterPdf', access: { table: 'readWrite' } },
  {
    method: 'POST',
    path: '/api/v1/pmo/letters/{letterId}/sent',
    entry: 'pmo/letter-sent',
    name: 'PmoLetterSent',
    access: { table: 'readWrite', resumesTasks: true },
  },
  { method: 'GET', path: '/api/v1/pmo/requests/{requestId}/audit', entry: 'pmo/request-audit', name: 'PmoRequestAudit', access: { table: 'readWrite' } },
  {
    method: 'POST',
    path: '/api/v1/pmo/letters/{letterId}/delivered',
    entry: 'pmo/letter-delivered',
    name: 'PmoLetterDelivered',
    access: { table: 'readWrite', resumesTasks: true },
  },
  // The "to handle" list: workflow executions that ended badly; a retry starts the same workflow again.
  { method: 'GET', path: '/api/v1/pmo/cases', entry: 'pmo/list-cases', name: 'PmoListCases', access: { table: 'readWrite' } },
  {
    method: 'POST',
    path: '/api/v1/pmo/cases/{caseId}/retry',
    entry: 'pmo/retry-case',
    name: 'PmoRetryCase',
    access: { table: 'readWrite', startsActivation: true, startsRcam: true, startsFactorReset: true },
  },
  { method: 'POST', path: '/api/v1/pmo/cases/{caseId}/close', entry: 'pmo/close-case', name: 'PmoCloseCase', access: { table: 'readWrite' } },
  // Signing in with a national eID (an OpenID Connect client of the providers in EID_PROVIDERS): one function for its routes.
  {
    method: 'POST',
    path: '/api/v1/eid/authorizations',
    alsoAt: [
      { method: 'POST', path: '/api/v1/eid/callback', name: 'FinishEid' },
      { method: 'POST', path: '/api/v1/sessions/eid', name: 'SignInWithEid' },
      { method: 'GET', path: '/api/v1/eid/providers', name: 'ListEidProviders' },
      { method: 'GET', path: '/api/v1/me/eid-links', name: 'ListEidLinks' },
      { method: 'DELETE', path: '/api/v1/me/eid-links/{linkId}', name: 'RemoveEidLink' },
    ],
    entry: 'eid/eid',
    name: 'NationalEid',
    access: { table: 'readWrite', sendsEmail: true, sendsSms: true, hashesSecrets: true, usesEid: true },
  },
  {
    method: 'ANY',
    path: '/oidc/{proxy+}',
    alsoAt: [{ method: 'GET', path: '/.well-known/openid-configuration' }],
    entry: 'oidc/provider',
    name: 'OpenIdProvider',
    access: { table: 'readWrite', signsTokens: true },
    crossSite: true,
  },
];

/** Functions that state machines call, by the name the workflow constructs use. */
export const WORKFLOW_TASKS = {
  sendActivationLink: {
    entry: 'workflow/send-activation-link',
    name: 'SendActivationLink',
    access: { table: 'readWrite', sendsEmail: true, resumesTasks: true },
  },
  rcamStep: {
    entry: 'workflow/rcam-step',
    name: 'RcamStep',
    access: { table: 'readWrite', sendsEmail: true },
  },
  // The letter alone: pdf-lib, fontkit and the fonts load in this function and in no other step.
  prepareLetter: {
    entry: 'workflow/prepare-letter',
    name: 'PrepareLetter',
    access: { table: 'readWrite', rendersLetters: true },
    // The letter's fonts (see shared/adapters/pdf-letter-renderer.ts).
    shipFiles: ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSansMono-Bold.ttf'].map((file) => ({
      from: `dejavu-fonts-ttf/ttf/${file}`,
      to: `fonts/${file}`,
    })),
  },
  completeFactorReset: { entry: 'workflow/complete-factor-reset', name: 'CompleteFactorReset', access: { table: 'readWrite', sendsEmail: true } },
  // Not a task: the target of the EventBridge rule on executions that failed, timed out or were aborted (the PMO's "to handle" list).
  recordStuckExecution: { entry: 'workflow/record-stuck-execution', name: 'RecordStuckExecution', access: { table: 'readWrite' } },
} as const satisfies Record<string, Omit<Route, 'method' | 'path'>>;

/** Functions that AWS events call: SES's bounces and complaints, through the configuration set's SNS topic. */
export const EVENT_FUNCTIONS = {
  mailEvents: { entry: 'mail/mail-events', name: 'MailEvents', access: { table: 'readWrite' } },
} as const satisfies Record<string, Omit<Route, 'method' | 'path'>>;
