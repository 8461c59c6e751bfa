import { readFileSync } from 'node:fs';
import { dictionary } from '@zxcvbn-ts/language-common';
import { decodeFrontCoded, encodeFrontCoded } from '#domain/common-passwords';
import { brokenPasswordRules, passwordExamples, SPECIAL_CHARACTERS } from '#domain/password-policy';
import { COMMON_PASSWORDS_FILE, commonPasswordsFile } from '../../tools/common-passwords';

describe('password policy', () => {
  it.each(['Ceci est un exemple1', '2OnmwmQWhtx', 'AklBfXkole]', 'zolcnzHd0B'])('accepts the manual example %j', (password) => {
    expect(brokenPasswordRules(password, 'nericfre')).toEqual([]);
  });

  it('refuses 9 characters and accepts 10', () => {
    expect(brokenPasswordRules('Abcdefgh1')).toEqual(['min_length']);
    expect(brokenPasswordRules('Abcdefgh12')).toEqual([]);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(brokenPasswordRules('Abcdefg1😀')).toEqual(['min_length']);
  });

  it('needs three of the four groups', () => {
    expect(brokenPasswordRules('abcdefghij12')).toEqual(['character_groups']);
    expect(brokenPasswordRules('abcdefghij1!')).toEqual([]);
    expect(brokenPasswordRules('ABCDEFGHIJ!!')).toEqual(['character_groups']);
    expect(brokenPasswordRules('ABCDEFGHIJ!a')).toEqual([]);
  });

  it('counts exactly the special characters the manual lists', () => {
    expect(SPECIAL_CHARACTERS).toBe('!"#%&\'()*+,-./:;<=>?@[\\]^_`~');
    for (const special of SPECIAL_CHARACTERS) expect(brokenPasswordRules(`abcdefghij1${special}`)).toEqual([]);
    // "$" and "é" are allowed but are not in the fourth group.
    expect(brokenPasswordRules('abcdefghij1$')).toEqual(['character_groups']);
    expect(brokenPasswordRules('abcdéfghij1é')).toEqual(['character_groups']);
  });

  it('allows spaces', () => {
    expect(brokenPasswordRules('Mon chat a 3 pattes')).toEqual([]);
  });

  it('refuses the username in any case', () => {
    expect(brokenPasswordRules('xxNZANELBExx1', 'nzanelbe')).toEqual(['contains_username']);
    expect(brokenPasswordRules('xxNZANELBxx1A', 'nzanelbe')).toEqual([]);
  });

  it('refuses a common password whatever its case', () => {
    expect(brokenPasswordRules('Q1w2e3r4t5')).toEqual(['common_password']);
    expect(brokenPasswordRules('q1W2E3R4T5')).toEqual(['common_password']);
  });

  it('lists every rule broken at once', () => {
    expect(brokenPasswordRules('password')).toEqual(['min_length', 'character_groups', 'common_password']);
  });

  it('refuses more than 256 characters', () => {
    expect(brokenPasswordRules(`Aa1${'x'.repeat(253)}`)).toEqual([]);
    expect(brokenPasswordRules(`Aa1${'x'.repeat(254)}`)).toEqual(['max_length']);
  });

  it('generates five different examples that all meet the policy', () => {
    const examples = passwordExamples();
    expect(examples).toHaveLength(5);
    expect(new Set(examples).size).toBe(5);
    for (const example of examples) expect(brokenPasswordRules(example)).toEqual([]);
  });
});

describe('the common-password list', () => {
  it("is zxcvbn-ts's passwords-common, lower-cased (rerun tools/common-passwords.ts after upgrading @zxcvbn-ts/language-common)", () => {
    expect(readFileSync(COMMON_PASSWORDS_FILE, 'utf8')).toBe(commonPasswordsFile());
    const stored = decodeFrontCoded((JSON.parse(readFileSync(COMMON_PASSWORDS_FILE, 'utf8')) as { passwords: string }).passwords);
    expect(new Set(stored)).toEqual(new Set(dictionary['passwords-common'].map((password) => password.toLowerCase())));
  });

  it('front-codes any sorted list back to itself, prefixes longer than 9 included', () => {
    const words = ['password', 'password1', 'password12345', 'password123456', 'passwords', 'pass', 'a', ' ', 'zz\\"'];
    expect(decodeFrontCoded(encodeFrontCoded(words))).toEqual([...words].sort());
  });
});
