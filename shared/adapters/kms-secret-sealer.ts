import { DecryptCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import type { SecretSealer } from '#domain/authenticator-apps-ports';

/**
 * KMS Encrypt/Decrypt with the factor key (a TOTP seed is 20 bytes: far under KMS's 4 KB) and the
 * context as KMS encryption context, which CloudTrail logs with every decryption. `kms.<blob>`.
 */
export const kmsSecretSealer = (keyArn: string, client = new KMSClient({})): SecretSealer => ({
  seal: async (plaintext, context) => {
    const { CiphertextBlob } = await client.send(new EncryptCommand({ KeyId: keyArn, Plaintext: Buffer.from(plaintext, 'utf8'), EncryptionContext: context }));
    return `kms.${Buffer.from(CiphertextBlob!).toString('base64url')}`;
  },
  open: async (sealed, context) => {
    if (!sealed.startsWith('kms.')) throw new Error('Not a KMS-sealed secret');
    const { Plaintext } = await client.send(
      new DecryptCommand({ KeyId: keyArn, CiphertextBlob: Buffer.from(sealed.slice(4), 'base64url'), EncryptionContext: context }),
    );
    return Buffer.from(Plaintext!).toString('utf8');
  },
});
