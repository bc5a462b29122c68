/**
 * Folds case, accents, apostrophes and dashes so that “kyrgyzstan”, “KYRGYZSTAN” and “Kyrgyzstán” compare
 * equal, and “Cote d'Ivoire” typed on a keyboard matches “Côte d’Ivoire”.
 */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[\u2018\u2019\u02bc\u0060\u00b4]/g, "'")
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .toLocaleLowerCase('en')
    .trim();
}

export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** The candidate equal to `input` once case and accents are folded. */
export function matchFolded(input: string, candidates: readonly string[]): string | undefined {
  const f = fold(input);
  return candidates.find((c) => fold(c) === f);
}

/** The nearest candidate, if it is near enough to be what the author meant. */
export function suggest(input: string, candidates: readonly string[]): string | undefined {
  const f = fold(input);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = levenshtein(f, fold(c));
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(2, Math.floor(Math.max(f.length, best.length) / 3));
  return bestDistance <= limit ? best : undefined;
}
