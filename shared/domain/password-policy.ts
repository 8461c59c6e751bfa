import { randomString } from './secrets';

/** The rules of the manual (step 6), plus a ban on common passwords. Order is the order users read them in. */
export const PASSWORD_RULES = ['min_length', 'max_length', 'character_groups', 'contains_username', 'common_password'] as const;
export type PasswordRule = (typeof PASSWORD_RULES)[number];

export const MIN_PASSWORD_LENGTH = 10;
/** Long enough for any passphrase, short enough that nobody can make us hash megabytes. */
export const MAX_PASSWORD_LENGTH = 256;
export const REQUIRED_GROUPS = 3;

/** The manual's fourth group, exactly as printed: !"#%&'()*+,-./:;<=>?@[\]^_`~ */
export const SPECIAL_CHARACTERS = `!"#%&'()*+,-./:;<=>?@[\\]^_\`~`;

const GROUPS: ReadonlyArray<(ch: string) => boolean> = [
  (ch) => ch >= 'A' && ch <= 'Z',
  (ch) => ch >= 'a' && ch <= 'z',
  (ch) => ch >= '0' && ch <= '9',
  (ch) => SPECIAL_CHARACTERS.includes(ch),
];

let commonPasswords: Set<string> | undefined;
/**
 * zxcvbn-ts's list of ~49,000 common passwords, lower-cased. Required on first use, not imported:
 * the list decompresses when its module loads, and most functions never need it.
 */
const isCommonPassword = (password: string): boolean => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  commonPasswords ??= new Set((require('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common')).dictionary['passwords-common'].map((p) => p.toLowerCase()));
  return commonPasswords.has(password.toLowerCase());
};

/** Counts how many of the four character groups a password draws from. */
export const characterGroupsUsed = (password: string): number =>
  GROUPS.filter((inGroup) => [...password].some(inGroup)).length;

/** Every rule the password breaks, in PASSWORD_RULES order; empty when it is acceptable. */
export const brokenPasswordRules = (password: string, username?: string): PasswordRule[] => {
  const length = [...password].length;
  const broken: PasswordRule[] = [];
  if (length < MIN_PASSWORD_LENGTH) broken.push('min_length');
  if (length > MAX_PASSWORD_LENGTH) broken.push('max_length');
  if (characterGroupsUsed(password) < REQUIRED_GROUPS) broken.push('character_groups');
  if (username && password.toLowerCase().includes(username.toLowerCase())) broken.push('contains_username');
  if (isCommonPassword(password)) broken.push('common_password');
  return broken;
};

const EXAMPLE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789' + '!#%&()*+-./:;=?@_';

/** Random passwords that meet the policy, like the manual's "2OnmwmQWhtx" (its "generate other examples"). */
export const passwordExamples = (count = 5, length = 12): string[] => {
  const examples: string[] = [];
  while (examples.length < count) {
    const candidate = randomString(EXAMPLE_ALPHABET, length);
    if (characterGroupsUsed(candidate) === GROUPS.length && brokenPasswordRules(candidate).length === 0) {
      examples.push(candidate);
    }
  }
  return examples;
};
