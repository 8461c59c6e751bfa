import * as z from 'zod/mini';
import { text } from '../schemas';
import { EidSignInBody } from './phone-bodies';
import type { Contract } from './operation';
import { INSTANT_DESCRIPTION } from './operation';
import { SignedIn, SignInChallenge } from './sessions';

const providerId = z.string({ error: 'required' }).check(z.regex(/^[a-z0-9-]{1,32}$/, 'invalid'));

export const EidStartBody = z.object({ provider: providerId, purpose: z.enum(['link', 'sign_in'], { error: 'invalid' }) });
export const EidAuthorization = z.object({ authorizationUrl: z.string() });

/** The provider's answer, as the callback page read it from its address. */
export const EidCallbackBody = z.object({
  state: text(512),
  code: z.optional(text(2048)),
  iss: z.optional(text(512)),
  error: z.optional(text(256)),
});
export const EidCallbackResult = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('linked'), linkId: z.string(), providerName: z.string() }),
  z.object({ outcome: z.literal('second_factor'), eidProof: z.string(), expiresAt: z.iso.datetime(), providerName: z.string() }),
]);

export const EidProviders = z.object({ providers: z.array(z.object({ id: z.string(), name: z.string() })) });
export const EidLinks = z.object({
  links: z.array(
    z.object({
      linkId: z.string(),
      provider: z.string(),
      providerName: z.string(),
      linkedAt: z.iso.datetime(),
      lastUsedAt: z.optional(z.iso.datetime()),
    }),
  ),
});

export const eidContract = (): Contract => ({
  tag: {
    name: 'eid',
    description:
      'Signing in with a national eID (an OpenID Connect provider): linked from the account page with a session proven by a second factor, ' +
      'then used in place of the password; the second factor still follows. An identity is matched by issuer and subject, never by email.',
  },
  operations: {
    'POST /api/v1/eid/authorizations': {
      summary: 'Starts a link or a sign-in at a national eID provider: the address to send the browser to',
      description:
        '`link` needs a recent session proven by a second factor and is bound to it; `sign_in` needs nothing. ' +
        'Either is bound to this browser by the cookie `__Host-eid-flow` (HttpOnly, SameSite=Strict), which the callback needs. ' +
        'The state, nonce and PKCE verifier stay on the server, usable once, for `eidFlowSeconds`.',
      caller: 'anyone',
      readsSessionCookie: true,
      body: { name: 'EidStartRequest', schema: EidStartBody },
      responses: { 200: { description: "The provider's authorization URL.", body: { name: 'EidAuthorization', schema: EidAuthorization } } },
      errors: { 401: ['unauthenticated'], 403: ['step_up_required', 'reauthentication_required'], 404: ['eid_unknown_provider'] },
    },
    'POST /api/v1/eid/callback': {
      summary: "Hands over the provider's answer (from the page at /eid/callback)",
      description:
        'The state is spent whatever follows. A link finishes only in the session that started it. ' +
        'A sign-in with a linked identity answers `second_factor` with a proof, usable once for `eidProofSeconds`, for POST /api/v1/sessions/eid.',
      caller: 'anyone',
      readsSessionCookie: true,
      body: { name: 'EidCallbackRequest', schema: EidCallbackBody },
      responses: { 200: { description: '`linked`, or `second_factor` (a sign-in).', body: { name: 'EidCallbackResult', schema: EidCallbackResult } } },
      errors: {
        400: ['eid_state_invalid', 'eid_refused'],
        403: ['eid_not_linked', 'step_up_required', 'reauthentication_required'],
        409: ['eid_already_linked'],
      },
    },
    'POST /api/v1/sessions/eid': {
      summary: 'Signs in after a national eID, with the second factor',
      description: 'As POST /api/v1/sessions after the password: every refusal is the same 401 invalid_credentials.',
      caller: 'anyone',
      readsSessionCookie: true,
      body: { name: 'EidSignInRequest', schema: EidSignInBody },
      responses: {
        200: { description: 'Signed in (`recovery_code`); the session cookie comes with it.', body: { name: 'SignedIn', schema: SignedIn }, cookie: 'set' },
        202: {
          description: `As POST /api/v1/sessions: a challenge for the second factor, ending at \`expiresAt\` (${INSTANT_DESCRIPTION})`,
          body: { name: 'SignInChallenge', schema: SignInChallenge },
        },
      },
      errors: {
        400: ['phone_invalid', 'phone_country_not_allowed'],
        401: ['invalid_credentials'],
        410: ['eid_proof_expired'],
        429: ['rate_limited', 'sms_unavailable'],
        503: ['sms_unavailable'],
      },
    },
    'GET /api/v1/eid/providers': {
      summary: 'The national eID providers one may sign in with',
      caller: 'anyone',
      responses: { 200: { description: 'Their ids and names; empty when none is configured.', body: { name: 'EidProviders', schema: EidProviders } } },
    },
    'GET /api/v1/me/eid-links': {
      summary: 'The national eID identities linked to the account',
      caller: 'session',
      responses: { 200: { description: 'Oldest first.', body: { name: 'EidLinks', schema: EidLinks } } },
    },
    'DELETE /api/v1/me/eid-links/{linkId}': {
      summary: 'Removes a linked national eID identity',
      description: 'The owner is emailed; the account’s other sessions end.',
      caller: 'second_factor',
      pathParameters: { linkId: 'The link, as GET /api/v1/me/eid-links lists it.' },
      responses: { 204: { description: 'Removed: it no longer signs in.' } },
      errors: { 404: ['not_found'] },
    },
  },
});
