import { decodeFrontCoded } from './common-passwords';
import COMMON_PASSWORDS from './common-passwords.json';
import { randomString } from './secrets';
import {
  CHARACTER_GROUPS,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  REQUIRED_GROUPS,
  characterGroupsUsed,
  containsUsername,
  type PasswordRule,
} from './password-rules';

export { PASSWORD_RULES, MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH, REQUIRED_GROUPS, SPECIAL_CHARACTERS, characterGroupsUsed } from './password-rules';
export type { PasswordRule } from './password-rules';

let commonPasswords: Set<string> | undefined;
/**
 * zxcvbn-ts's list of ~49,000 common passwords, lower-cased, front-coded in common-passwords.json
 * (tools/common-passwords.ts writes it; a test keeps it equal to the package's list). Only the
 * functions that check passwords bundle it; the set is built on first use.
 */
const loadCommonPasswords = (): Set<string> => new Set(decodeFrontCoded(COMMON_PASSWORDS.passwords));
const isCommonPassword = (password: string): boolean => (commonPasswords ??= loadCommonPasswords()).has(password.toLowerCase());

/** Every rule the password breaks, in PASSWORD_RULES order; empty when it is acceptable. */
export const brokenPasswordRules = (password: string, username?: string): PasswordRule[] => {
  const length = [...password].length;
  const broken: PasswordRule[] = [];
  if (length < MIN_PASSWORD_LENGTH) broken.push('min_length');
  if (length > MAX_PASSWORD_LENGTH) broken.push('max_length');
  if (characterGroupsUsed(password) < REQUIRED_GROUPS) broken.push('character_groups');
  if (containsUsername(password, username)) broken.push('contains_username');
  if (isCommonPassword(password)) broken.push('common_password');
  return broken;
};

const EXAMPLE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789' + '!#%&()*+-./:;=?@_';

/** Random passwords that meet the policy, like the manual's "2OnmwmQWhtx" (its "generate other examples"). */
export const passwordExamples = (count = 5, length = 12): string[] => {
  const examples: string[] = [];
  while (examples.length < count) {
    const candidate = randomString(EXAMPLE_ALPHABET, length);
    if (characterGroupsUsed(candidate) === CHARACTER_GROUPS.length && brokenPasswordRules(candidate).length === 0) {
      examples.push(candidate);
    }
  }
  return examples;
};
