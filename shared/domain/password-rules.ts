// The rules of the manual's step 6 that need nothing but the password: pure and dependency-free, so
// that the browser's live checklist (web/) and the server (password-policy.ts) apply the same ones.

/** The rules of the manual (step 6), plus a ban on common passwords. Order is the order users read them in. */
export const PASSWORD_RULES = ['min_length', 'max_length', 'character_groups', 'contains_username', 'common_password'] as const;
export type PasswordRule = (typeof PASSWORD_RULES)[number];

export const MIN_PASSWORD_LENGTH = 10;
/** Long enough for any passphrase, short enough that nobody can make us hash megabytes. */
export const MAX_PASSWORD_LENGTH = 256;
export const REQUIRED_GROUPS = 3;

/** The manual's fourth group, exactly as printed: !"#%&'()*+,-./:;<=>?@[\]^_`~ */
export const SPECIAL_CHARACTERS = `!"#%&'()*+,-./:;<=>?@[\\]^_\`~`;

export const CHARACTER_GROUPS: ReadonlyArray<(ch: string) => boolean> = [
  (ch) => ch >= 'A' && ch <= 'Z',
  (ch) => ch >= 'a' && ch <= 'z',
  (ch) => ch >= '0' && ch <= '9',
  (ch) => SPECIAL_CHARACTERS.includes(ch),
];

/** Counts how many of the four character groups a password draws from. */
export const characterGroupsUsed = (password: string): number => CHARACTER_GROUPS.filter((inGroup) => [...password].some(inGroup)).length;

/** Whether the password contains the username, case-insensitively (the manual: "ne peut pas contenir votre nom d'utilisateur"). */
export const containsUsername = (password: string, username?: string): boolean => Boolean(username) && password.toLowerCase().includes(username!.toLowerCase());
