import { html, nothing } from 'lit-html';
import { api } from '../api';
import { navigate, refresh, type Page } from '../app';
import { dateTime, t } from '../i18n';
import { button, notification } from '../ui';

/** The national eID providers (GET /eid/providers), loaded once per page load. */
let providers: Array<{ id: string; name: string }> | undefined;
let loadingProviders: Promise<void> | undefined;
export const eidProviders = () => providers ?? [];
export const loadEidProviders = () =>
  (loadingProviders ??= api<{ providers: Array<{ id: string; name: string }> }>('GET', '/eid/providers').then((result) => {
    providers = result.ok ? result.data.providers : [];
    refresh();
  }));

/** Sends the browser to the provider, for a sign-in or a link; the API keeps the flow's secrets. */
export const goToEid = async (purpose: 'link' | 'sign_in', provider: string): Promise<string | undefined> => {
  const result = await api<{ authorizationUrl: string }>('POST', '/eid/authorizations', { provider, purpose });
  if (!result.ok) return result.error.message;
  location.assign(result.data.authorizationUrl);
  return undefined;
};

/** A sign-in with a linked eID, waiting for its second factor on the sign-in page. */
let pendingProof: { eidProof: string; providerName: string } | undefined;
/** Takes the proof (once) for the sign-in page. */
export const takeEidProof = () => {
  const proof = pendingProof;
  pendingProof = undefined;
  return proof;
};

/** A link just made, for the account page to say so once. */
let linkedJustNow: string | undefined;

const callback: { error?: { code: string; message: string }; busy: boolean } = { busy: false };

/** "/eid/callback": where the provider sends the person back; hands its answer to the API, then goes on. */
export const eidCallback: Page = {
  path: '/eid/callback',
  title: () => t('eid.callbackTitle'),
  enter: (query, again) => {
    if (again) return;
    const answer = Object.fromEntries(['state', 'code', 'iss', 'error'].flatMap((name) => (query.get(name) ? [[name, query.get(name)!]] : [])));
    // The code leaves the address bar (and the history) at once.
    history.replaceState(null, '', '/eid/callback');
    Object.assign(callback, { error: undefined, busy: true });
    void api<{ outcome: 'linked' | 'second_factor'; eidProof?: string; providerName: string }>('POST', '/eid/callback', {
      state: answer.state ?? '',
      ...answer,
    }).then((result) => {
      callback.busy = false;
      if (!result.ok) {
        callback.error = result.error;
        return refresh();
      }
      if (result.data.outcome === 'linked') {
        linkedJustNow = result.data.providerName;
        return navigate('/account', { replace: true });
      }
      pendingProof = { eidProof: result.data.eidProof!, providerName: result.data.providerName };
      navigate('/sign-in', { replace: true });
    });
  },
  view: () => html`
    <h1 class="ecl-u-type-heading-1" tabindex="-1">${t('eid.callbackTitle')}</h1>
    ${
      callback.error
        ? html`${notification('error', callback.error.message)}
            <p class="ecl-u-type-paragraph"><a class="ecl-link" href="/sign-in">${t('eid.backToSignIn')}</a></p>`
        : html`<p class="ecl-u-type-paragraph" role="status">${t('eid.checking')}</p>`
    }
  `,
};

const links: {
  list?: Array<{ linkId: string; providerName: string; linkedAt: string; lastUsedAt?: string }>;
  message?: { kind: 'success' | 'error'; text: string };
  removing?: string;
  busy: boolean;
} = { busy: false };

const loadLinks = async () => {
  const result = await api<{ links: NonNullable<typeof links.list> }>('GET', '/me/eid-links');
  links.list = result.ok ? result.data.links : [];
  refresh();
};

/** Leaving for the account page: the list is read again, a link just made is said once. */
export const resetEidLinks = () => {
  links.list = undefined;
  links.message = linkedJustNow ? { kind: 'success', text: t('eid.linked', { provider: linkedJustNow }) } : undefined;
  linkedJustNow = undefined;
  void loadLinks();
  void loadEidProviders();
};

const link = async (provider: string) => {
  links.busy = true;
  refresh();
  const refused = await goToEid('link', provider);
  links.busy = false;
  if (refused) links.message = { kind: 'error', text: refused };
  refresh();
};

const unlink = async (linkId: string, name: string) => {
  if (!window.confirm(t('factors.confirmRemove', { factor: name }))) return;
  links.removing = linkId;
  refresh();
  const result = await api('DELETE', `/me/eid-links/${encodeURIComponent(linkId)}`);
  links.removing = undefined;
  links.message = result.ok ? { kind: 'success', text: t('factors.removed') } : { kind: 'error', text: result.error.message };
  await loadLinks();
};

/** "Mon compte": the linked national eIDs; linked and removed with a session proven by a second factor (`strong`). */
export const eidSection = (strong: boolean) => {
  if (!eidProviders().length && !links.list?.length) return nothing;
  return html`
    <h2 class="ecl-u-type-heading-2 ecl-u-mt-xl" id="eid-links">${t('eid.title')}</h2>
    ${links.message ? notification(links.message.kind, links.message.text) : nothing}
    <p class="ecl-u-type-paragraph">${t('eid.text')}</p>
    ${
      links.list?.length
        ? html`<ul class="ecl-unordered-list">
            ${links.list.map(
              (entry) =>
                html`<li class="ecl-unordered-list__item">
                  ${entry.providerName} : ${t('eid.linkedAt', { at: dateTime(entry.linkedAt) })}
                  ${entry.lastUsedAt ? t('eid.lastUsed', { at: dateTime(entry.lastUsedAt) }) : nothing}
                  ${
                    strong
                      ? button(t('account.remove'), {
                          type: 'button',
                          variant: 'secondary',
                          busy: links.removing === entry.linkId,
                          label: `${t('account.remove')} ${entry.providerName}`,
                          onClick: () => void unlink(entry.linkId, entry.providerName),
                        })
                      : nothing
                  }
                </li>`,
            )}
          </ul>`
        : html`<p class="ecl-u-type-paragraph">${t('eid.none')}</p>`
    }
    ${
      strong
        ? eidProviders().map((provider) =>
            button(t('eid.link', { provider: provider.name }), {
              type: 'button',
              variant: 'secondary',
              busy: links.busy,
              onClick: () => void link(provider.id),
            }),
          )
        : html`<p class="ecl-u-type-paragraph">${t('eid.stepUp')}</p>`
    }
  `;
};
