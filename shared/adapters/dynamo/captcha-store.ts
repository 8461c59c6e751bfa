import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Captcha, CaptchaStore } from '#domain/captcha-ports';
import { ttlOf, type TableRef } from './client';

const captchaKey = (captchaId: string) => ({ pk: `CAPTCHA#${captchaId}`, sk: 'CAPTCHA' });

export class DynamoCaptchaStore implements CaptchaStore {
  constructor(private readonly table: TableRef) {}

  async save(captcha: Captcha): Promise<void> {
    await this.table.doc.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: { ...captchaKey(captcha.captchaId), answerHash: captcha.answerHash, expiresAt: captcha.expiresAt.toISOString(), ttl: ttlOf(captcha.expiresAt) },
      }),
    );
  }

  async take(captchaId: string): Promise<Captcha | undefined> {
    // Delete-and-return is atomic: two requests with one CAPTCHA cannot both get it.
    const { Attributes } = await this.table.doc.send(
      new DeleteCommand({ TableName: this.table.tableName, Key: captchaKey(captchaId), ReturnValues: 'ALL_OLD' }),
    );
    return Attributes ? { captchaId, answerHash: Attributes.answerHash as string, expiresAt: new Date(Attributes.expiresAt as string) } : undefined;
  }
}
