import { startAuthentication, startRegistration } from '@simplewebauthn/browser';
import { api, type ApiResult } from './api';
import { t } from './i18n';

/**
 * The browser's part of WebAuthn (navigator.credentials, through @simplewebauthn/browser): the
 * server's options in, the authenticator's answer out. A cancelled or failed ceremony becomes an
 * error result like the API's, so that pages show it the same way.
 */
const ceremony = async <T>(run: () => Promise<T>): Promise<ApiResult<T>> => {
  try {
    return { ok: true, status: 200, data: await run() };
  } catch {
    return { ok: false, status: 0, error: { code: 'webauthn_cancelled', message: t('webauthn.cancelled') } };
  }
};

/** Signs in with a key's answer to options already received (after the password), or with a passkey alone. */
export const keySignIn = async (started?: { challengeId: string; options: unknown }): Promise<ApiResult<unknown>> => {
  let challenge = started;
  if (!challenge) {
    const options = await api<{ challengeId: string; options: unknown }>('POST', '/sessions/passkey');
    if (!options.ok) return options;
    challenge = options.data;
  }
  const { challengeId, options } = challenge;
  const answer = await ceremony(() => startAuthentication({ optionsJSON: options as Parameters<typeof startAuthentication>[0]['optionsJSON'] }));
  if (!answer.ok) return answer;
  return api('POST', '/sessions/webauthn', { challengeId, response: answer.data });
};

/** Registers a new key or passkey under `name`. */
export const registerKey = async (name: string): Promise<ApiResult<unknown>> => {
  const started = await api<{ challengeId: string; options: unknown }>('POST', '/me/security-keys/options');
  if (!started.ok) return started;
  const { challengeId, options } = started.data;
  const answer = await ceremony(() => startRegistration({ optionsJSON: options as Parameters<typeof startRegistration>[0]['optionsJSON'] }));
  if (!answer.ok) return answer;
  return api('POST', '/me/security-keys', { challengeId, name, response: answer.data });
};
