import { usernameCandidates, USERNAME_PATTERN } from '#domain/username';

const take = (first: string, last: string, count: number) => {
  const out: string[] = [];
  for (const candidate of usernameCandidates(first, last)) {
    out.push(candidate);
    if (out.length === count) break;
  }
  return out;
};

describe('usernameCandidates', () => {
  it('derives nzanelbe from Bernard Zanella, as in the manual', () => {
    expect(take('Bernard', 'Zanella', 1)).toEqual(['nzanelbe']);
  });

  it('drops accents and punctuation', () => {
    expect(take('Éric', "D'Ürfé-Ñúñez", 1)).toEqual(['ndurfeer']);
  });

  it('offers many distinct candidates, all 8 lower-case letters starting with n', () => {
    const candidates = take('Bernard', 'Zanella', 40);
    expect(new Set(candidates).size).toBe(40);
    for (const candidate of candidates) expect(candidate).toMatch(USERNAME_PATTERN);
  });

  it('fills short and non-Latin names with random letters', () => {
    for (const [first, last] of [
      ['Li', 'Bo'],
      ['Γιώργος', 'Παπαδόπουλος'],
      ['A', 'B'],
    ]) {
      const [candidate] = take(first, last, 1);
      expect(candidate).toMatch(USERNAME_PATTERN);
    }
  });
});
