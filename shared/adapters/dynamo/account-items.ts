import type { AccountItems, AccountItemsReader } from '#domain/profile-ports';
import { queryAll, type TableRef } from './client';
import { toAccount } from './account-store';
import { toAuthenticatorApp } from './authenticator-app-store';
import { toFactorReset } from './factor-reset-store';
import { byAddition, toPhone } from './phone-store';
import { toRecoveryCodes, type RecoveryCodesItem } from './recovery-code-store';
import { toSecurityKey } from './security-key-store';

type Item = Record<string, unknown> & { sk: string };

/**
 * An account's items share its partition (pk ACCOUNT#id): the account, its phones, apps, keys,
 * RCAM pointer, factor reset and recovery codes come back from one strongly consistent Query, read
 * by each store's own decoder, where GET /me made seven reads. The sessions' entries and the RCAM
 * history, also there (a few dozen bytes each: a key may not be filtered on), are passed over.
 */
export class DynamoAccountItems implements AccountItemsReader {
  constructor(private readonly table: TableRef) {}

  async itemsOf(accountId: string): Promise<AccountItems | undefined> {
    const items = await queryAll<Item>(this.table, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `ACCOUNT#${accountId}` },
      ConsistentRead: true,
    });
    const account = items.find((item) => item.sk === 'ACCOUNT');
    if (!account) return undefined;
    const prefixed = <T>(prefix: string) => items.filter((item) => item.sk.startsWith(prefix)) as unknown as T[];
    const reset = items.find((item) => item.sk === 'FACTOR_RESET');
    const codes = items.find((item) => item.sk === 'RECOVERY_CODES');
    const pointer = items.find((item) => item.sk === 'RCAM');
    const byCreation = (a: { createdAt: Date }, b: { createdAt: Date }) => a.createdAt.getTime() - b.createdAt.getTime();
    return {
      account: toAccount(account),
      phones: prefixed<Parameters<typeof toPhone>[0]>('PHONE#').map(toPhone).sort(byAddition),
      authenticatorApps: prefixed<Parameters<typeof toAuthenticatorApp>[0]>('TOTP#').map(toAuthenticatorApp).sort(byCreation),
      securityKeys: prefixed<Parameters<typeof toSecurityKey>[0]>('WEBAUTHN#').map(toSecurityKey).sort(byCreation),
      rcamRequestId: pointer ? String(pointer.requestId) : undefined,
      factorReset: reset ? toFactorReset(accountId, reset as unknown as Parameters<typeof toFactorReset>[1]) : undefined,
      recoveryCodesLeft: codes ? toRecoveryCodes(codes as unknown as RecoveryCodesItem).left : 0,
    };
  }
}
