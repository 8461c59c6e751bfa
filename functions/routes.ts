/**
 * The HTTP API, one Lambda function per route. CDK deploys exactly these; the local front door
 * serves exactly these (plus its own /_local tools). `entry` is the module under functions/.
 */
export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  entry: string;
  /** A short PascalCase name for the function's construct id. */
  name: string;
}

export const ROUTES: readonly Route[] = [
  { method: 'GET', path: '/api/v1/health', entry: 'system/health', name: 'Health' },
  { method: 'GET', path: '/api/v1/captcha', entry: 'accounts/get-captcha', name: 'GetCaptcha' },
  { method: 'POST', path: '/api/v1/accounts', entry: 'accounts/create-account', name: 'CreateAccount' },
  { method: 'POST', path: '/api/v1/password-links', entry: 'passwords/request-link', name: 'RequestPasswordLink' },
  { method: 'POST', path: '/api/v1/password-links/lookup', entry: 'passwords/lookup-link', name: 'LookupPasswordLink' },
  { method: 'POST', path: '/api/v1/password', entry: 'passwords/set-password', name: 'SetPassword' },
  { method: 'GET', path: '/api/v1/password-examples', entry: 'passwords/examples', name: 'PasswordExamples' },
];

/** Functions that state machines call, by the name the workflow constructs use. */
export const WORKFLOW_TASKS = {
  sendActivationLink: 'workflow/send-activation-link',
} as const;
