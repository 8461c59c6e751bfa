import { randomString } from './secrets';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
export const USERNAME_PATTERN = /^n[a-z]{7}$/;

/** Lower-case ASCII letters of a name: "Zanella-Bézard" -> "zanellabezard". Letters outside Latin script drop out. */
const asciiLetters = (name: string): string =>
  name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ß/g, 'ss')
    .replace(/[æÆ]/g, 'ae')
    .replace(/[øØ]/g, 'o')
    .toLowerCase()
    .replace(/[^a-z]/g, '');

/**
 * Usernames to try in order, as EU Login does: "n", then 5 letters of the last name and 2 of the
 * first name (Bernard Zanella -> nzanelbe). When that is taken, other splits of the same names,
 * then the names with random letters; the store takes the first one that is free.
 */
export function* usernameCandidates(firstName: string, lastName: string): Generator<string> {
  const first = asciiLetters(firstName);
  const last = asciiLetters(lastName);
  const seen = new Set<string>();
  const fill = (stem: string) => (stem + randomString(LETTERS, 7)).slice(0, 7);
  const emit = function* (stem: string) {
    const candidate = `n${stem}`;
    if (stem.length === 7 && !seen.has(candidate)) {
      seen.add(candidate);
      yield candidate;
    }
  };
  for (let fromLast = 5; fromLast >= 1; fromLast--) {
    const stem = last.slice(0, fromLast) + first.slice(0, 7 - fromLast);
    if (stem.length === 7) yield* emit(stem);
  }
  for (let attempt = 0; attempt < 10; attempt++) yield* emit(fill(last.slice(0, 5) + first.slice(0, 1)).slice(0, 7));
  for (;;) yield* emit(fill(''));
}
