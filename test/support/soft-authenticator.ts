import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

/**
 * A software WebAuthn authenticator for API tests: ES256, "none" attestation, a signature counter
 * and backup flags under the test's control. What Chromium's virtual authenticator does in the
 * browser tests, without a browser.
 */

/** Just enough CBOR (RFC 8949) for an attestation object and a COSE key. */
const cbor = (value: unknown): Buffer => {
  const head = (major: number, length: number): Buffer => {
    if (length < 24) return Buffer.from([(major << 5) | length]);
    if (length < 256) return Buffer.from([(major << 5) | 24, length]);
    return Buffer.from([(major << 5) | 25, length >> 8, length & 0xff]);
  };
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === 'string') return Buffer.concat([head(3, Buffer.byteLength(value)), Buffer.from(value)]);
  if (Buffer.isBuffer(value)) return Buffer.concat([head(2, value.length), value]);
  const entries = value instanceof Map ? [...value.entries()] : Object.entries(value as object);
  return Buffer.concat([head(5, entries.length), ...entries.flatMap(([key, item]) => [cbor(key), cbor(item)])]);
};

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest();
const b64 = (data: Buffer) => data.toString('base64url');

export interface SoftCredential {
  credentialId: Buffer;
  privateKey: KeyObject;
  publicKey: KeyObject;
  userHandle: Buffer;
  counter: number;
}

export class SoftAuthenticator {
  credentials: SoftCredential[] = [];
  /** Whether this authenticator counts signatures (many passkeys do not: always 0). */
  counts = true;
  /** Backup eligible / backed up flags it reports. */
  backupEligible = false;
  backedUp = false;
  userVerified = true;

  constructor(readonly origin: string) {}

  private flags(attested: boolean): number {
    return 0x01 | (this.userVerified ? 0x04 : 0) | (this.backupEligible ? 0x08 : 0) | (this.backedUp ? 0x10 : 0) | (attested ? 0x40 : 0);
  }

  private authData(rpId: string, counter: number, attested?: SoftCredential): Buffer {
    const count = Buffer.alloc(4);
    count.writeUInt32BE(counter);
    const parts: Buffer[] = [sha256(rpId), Buffer.from([this.flags(Boolean(attested))]), count];
    if (attested) {
      const jwk = attested.publicKey.export({ format: 'jwk' });
      const cose = cbor(
        new Map<number, unknown>([
          [1, 2],
          [3, -7],
          [-1, 1],
          [-2, Buffer.from(jwk.x!, 'base64url')],
          [-3, Buffer.from(jwk.y!, 'base64url')],
        ]),
      );
      const length = Buffer.alloc(2);
      length.writeUInt16BE(attested.credentialId.length);
      parts.push(Buffer.alloc(16), length, Buffer.from(attested.credentialId), cose);
    }
    return Buffer.concat(parts);
  }

  private clientData(type: string, challenge: string, origin = this.origin): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
  }

  /** navigator.credentials.create(): a new credential for these options, as @simplewebauthn/browser serialises it. */
  create(options: { challenge: string; rp: { id?: string }; user: { id: string } }, origin = this.origin) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const credential: SoftCredential = {
      credentialId: randomBytes(32),
      privateKey,
      publicKey,
      userHandle: Buffer.from(options.user.id, 'base64url'),
      counter: 0,
    };
    this.credentials.push(credential);
    const authData = this.authData(options.rp.id!, credential.counter, credential);
    const id = b64(credential.credentialId);
    return {
      id,
      rawId: id,
      type: 'public-key',
      response: {
        clientDataJSON: b64(this.clientData('webauthn.create', options.challenge, origin)),
        attestationObject: b64(cbor({ fmt: 'none', attStmt: {}, authData })),
        transports: ['usb'],
      },
      clientExtensionResults: {},
    };
  }

  /** navigator.credentials.get(): an assertion by `credential` (the first allowed one by default). */
  get(options: { challenge: string; rpId?: string }, credential = this.credentials[0], origin = this.origin) {
    if (this.counts) credential.counter += 1;
    const authData = this.authData(options.rpId!, credential.counter);
    const clientData = this.clientData('webauthn.get', options.challenge, origin);
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientData)]), credential.privateKey);
    const id = b64(credential.credentialId);
    return {
      id,
      rawId: id,
      type: 'public-key',
      response: { clientDataJSON: b64(clientData), authenticatorData: b64(authData), signature: b64(signature), userHandle: b64(credential.userHandle) },
      clientExtensionResults: {},
    };
  }
}
