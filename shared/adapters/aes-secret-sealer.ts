import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { SecretSealer } from '#domain/authenticator-apps-ports';

/** The context as authenticated data: the same pairs in any order give the same bytes. */
const aadOf = (context: Record<string, string>) => Buffer.from(JSON.stringify(Object.entries(context).sort(([a], [b]) => a.localeCompare(b))));

/**
 * AES-256-GCM under a key held by the process: the local runtime and tests. A sealed value is
 * `aes.<iv>.<ciphertext>.<tag>` (base64url); the context is authenticated, not stored.
 */
export const aesSecretSealer = (key: Buffer): SecretSealer => {
  if (key.length !== 32) throw new Error('The factor key must be 32 bytes');
  return {
    seal: async (plaintext, context) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(aadOf(context));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return ['aes', iv, body, cipher.getAuthTag()].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
    },
    open: async (sealed, context) => {
      const [scheme, iv, body, tag] = sealed.split('.');
      if (scheme !== 'aes' || !iv || !body || !tag) throw new Error('Not a sealed secret of this key');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url')).setAAD(aadOf(context));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
};

/**
 * The key of a machine that runs everything locally, derived from its table's name: stable across
 * restarts of `npm start`, different per test table. Never used where no local endpoint is configured.
 */
export const localFactorKey = (tableName: string): Buffer => createHash('sha256').update(`passerelle local factor key\0${tableName}`).digest();

/** The local runtime's sealer: AES-256-GCM under the key derived from its table's name. */
export const localSealer = (tableName: string): SecretSealer => aesSecretSealer(localFactorKey(tableName));
