import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { EidProvider } from '#domain/eid-ports';

/** Where the stand-in answers, on the local runtime's own origin. */
export const LOCAL_EID_PATH = '/_local/eid';

/** The configuration `npm start` gives Passerelle: one provider, the stand-in. */
export const localEidProviders = (origin: string): EidProvider[] => [
  { id: 'local-eid', name: 'eID (démo locale)', issuer: `${origin}${LOCAL_EID_PATH}`, clientId: 'passerelle' },
];

/**
 * The test identities of the stand-in: eIDAS-style person identifiers ("nationality/destination/
 * number") as `sub`, with the minimum data set a national eID carries.
 */
export const EID_TEST_IDENTITIES = [
  { sub: 'FR/BE/2C7B1A9E4D', given_name: 'Camille', family_name: 'Martin', birthdate: '1984-03-15' },
  { sub: 'BE/BE/85073100123', given_name: 'Lotte', family_name: 'Janssens', birthdate: '1985-07-31' },
  { sub: 'DE/BE/T22000129', given_name: 'Jonas', family_name: 'Weber', birthdate: '1990-11-02' },
  { sub: 'IT/BE/CA00000AA1', given_name: 'Giulia', family_name: 'Bianchi', birthdate: '1978-05-20' },
  { sub: 'NL/BE/SPECI2021', given_name: 'Daan', family_name: 'de Vries', birthdate: '1992-01-09' },
] as const;

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const page = (res: ServerResponse, status: number, body: string) => {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>National eID (local stand-in)</title>
<link rel="stylesheet" href="/style.css"></head>
<body><main class="ecl-container ecl-u-mv-xl">${body}</main></body></html>`);
};

const identityButton = (identity: (typeof EID_TEST_IDENTITIES)[number]) =>
  `<li class="ecl-unordered-list__item"><button class="ecl-button ecl-button--secondary ecl-u-mb-s" type="submit" name="sub" ` +
  `value="${escape(identity.sub)}">${escape(`${identity.given_name} ${identity.family_name} (${identity.sub})`)}</button></li>`;

/**
 * The stand-in's storage: in this process's memory, which is all a stand-in needs (oidc-provider's
 * own development adapter would do the same, with a warning at every start).
 */
const memoryAdapter = () => {
  const items = new Map<string, { payload: AdapterPayload; expiresAt?: number }>();
  const live = (key: string) => {
    const item = items.get(key);
    if (item?.expiresAt !== undefined && item.expiresAt <= Date.now()) items.delete(key);
    return items.get(key)?.payload;
  };
  return class MemoryAdapter implements Adapter {
    constructor(private readonly model: string) {}
    private key = (id: string) => `${this.model}:${id}`;
    upsert(id: string, payload: AdapterPayload, expiresIn?: number) {
      items.set(this.key(id), { payload, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : undefined });
      return Promise.resolve();
    }
    find(id: string) {
      return Promise.resolve(live(this.key(id)));
    }
    findByUid(uid: string) {
      const found = [...items.keys()].find((key) => key.startsWith(`${this.model}:`) && live(key)?.uid === uid);
      return Promise.resolve(found ? live(found) : undefined);
    }
    findByUserCode() {
      return Promise.resolve(undefined);
    }
    consume(id: string) {
      const payload = live(this.key(id));
      if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      return Promise.resolve();
    }
    destroy(id: string) {
      items.delete(this.key(id));
      return Promise.resolve();
    }
    revokeByGrantId(grantId: string) {
      for (const [key, item] of items) if (item.payload.grantId === grantId) items.delete(key);
      return Promise.resolve();
    }
  };
};

const formOf = async (req: IncomingMessage): Promise<URLSearchParams> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
};

/**
 * A national eID provider on this machine (never deployed): a second oidc-provider instance at
 * /_local/eid with Passerelle as its one public client (PKCE), and a page where the person picks
 * one of the test identities in place of presenting a card. Sign-in and linking run offline.
 */
export const localEidProvider = (origin: string) => {
  let started: ReturnType<typeof start> | undefined;
  const start = async () => {
    const { default: Provider } = await import('oidc-provider');
    const issuer = `${origin}${LOCAL_EID_PATH}`;
    const signingKey = { ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), use: 'sig', kid: 'local-eid' };
    const provider = new Provider(issuer, {
      adapter: memoryAdapter(),
      clients: [
        {
          client_id: 'passerelle',
          token_endpoint_auth_method: 'none',
          redirect_uris: [`${origin}/eid/callback`],
          grant_types: ['authorization_code'],
          response_types: ['code'],
        },
      ],
      jwks: { keys: [signingKey] },
      cookies: { keys: [randomBytes(32).toString('base64url')] },
      claims: { openid: ['sub'], profile: ['given_name', 'family_name', 'birthdate'] },
      scopes: ['openid', 'profile'],
      pkce: { required: () => true },
      features: { devInteractions: { enabled: false } },
      // A test provider's lifetimes, given so that it does not print a notice about each default.
      ttl: { Interaction: 3600, Session: 3600, Grant: 3600, AuthorizationCode: 60, AccessToken: 600, IdToken: 600 },
      interactions: { url: (_ctx, interaction) => `${LOCAL_EID_PATH}/interaction/${interaction.uid}` },
      findAccount: (_ctx, sub) => {
        const identity = EID_TEST_IDENTITIES.find((candidate) => candidate.sub === sub);
        return identity ? { accountId: sub, claims: () => ({ ...identity }) } : undefined;
      },
      // The person consented by choosing an identity: every scope asked is granted at once.
      loadExistingGrant: async (ctx) => {
        const accountId = ctx.oidc.session?.accountId;
        if (!accountId || !ctx.oidc.client) return undefined;
        const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId });
        const scope = ctx.oidc.params?.scope;
        grant.addOIDCScope(typeof scope === 'string' ? scope : 'openid');
        await grant.save();
        return grant;
      },
    });
    return { provider, callback: provider.callback() };
  };

  /** Answers the requests under /_local/eid; false for any other. The provider (and its RSA key) is made at the first. */
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    if (!url.pathname.startsWith(`${LOCAL_EID_PATH}/`)) return false;
    const { provider, callback } = await (started ??= start());
    const interaction = new RegExp(`^${LOCAL_EID_PATH}/interaction/([\\w-]+)$`).exec(url.pathname);
    if (interaction) {
      const details = await provider.interactionDetails(req, res).catch(() => undefined);
      if (!details) {
        page(res, 400, '<h1 class="ecl-u-type-heading-1">This sign-in request expired</h1>');
        return true;
      }
      if (req.method === 'POST') {
        const sub = (await formOf(req)).get('sub') ?? '';
        const result = EID_TEST_IDENTITIES.some((identity) => identity.sub === sub)
          ? { login: { accountId: sub } }
          : { error: 'access_denied', error_description: 'The person cancelled.' };
        await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
        return true;
      }
      const action = `${LOCAL_EID_PATH}/interaction/${escape(interaction[1])}`;
      page(
        res,
        200,
        `<h1 class="ecl-u-type-heading-1">National eID (local stand-in)</h1>
<p class="ecl-u-type-paragraph">In place of presenting an identity card, choose a test identity.</p>
<form method="post" action="${action}"><ul class="ecl-unordered-list">
${EID_TEST_IDENTITIES.map(identityButton).join('\n')}
</ul><button class="ecl-button ecl-button--tertiary" type="submit" name="sub" value="">Cancel</button></form>`,
      );
      return true;
    }
    // oidc-provider finds its mount path from the original URL (see its urlFor).
    (req as IncomingMessage & { originalUrl?: string }).originalUrl = req.url;
    req.url = req.url!.slice(LOCAL_EID_PATH.length) || '/';
    void callback(req, res);
    await new Promise<void>((done) => res.once('close', done));
    return true;
  };
};
