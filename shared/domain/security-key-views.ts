import type { SecurityKey } from './security-keys-ports';

/**
 * What the account page shows of a key: its name and dates, never the key. Apart from
 * security-keys.ts, so that GET /me and the export do not carry the WebAuthn library.
 */
export const describeKey = (key: SecurityKey) => ({
  keyId: key.keyId,
  name: key.name,
  synced: key.backupEligible,
  addedAt: key.createdAt.toISOString(),
  lastUsedAt: key.lastUsedAt?.toISOString(),
});
