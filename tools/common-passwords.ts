/**
 * Writes shared/domain/common-passwords.json from zxcvbn-ts's common passwords (a dev dependency:
 * functions ship the compact file, not the package). Run after upgrading @zxcvbn-ts/language-common:
 * `npx tsx tools/common-passwords.ts`; a test fails until the file matches the package.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dictionary } from '@zxcvbn-ts/language-common';
import { encodeFrontCoded } from '#domain/common-passwords';

export const COMMON_PASSWORDS_FILE = join(__dirname, '..', 'shared', 'domain', 'common-passwords.json');

/** The file's content: the package's list, lower-cased (the policy compares lower-cased), front-coded. */
export const commonPasswordsFile = (): string =>
  `${JSON.stringify({
    source: 'zxcvbn-ts @zxcvbn-ts/language-common passwords-common, lower-cased, sorted, front-coded (shared/domain/common-passwords.ts)',
    passwords: encodeFrontCoded(dictionary['passwords-common'].map((password) => password.toLowerCase())),
  })}\n`;

if (require.main === module) writeFileSync(COMMON_PASSWORDS_FILE, commonPasswordsFile());
