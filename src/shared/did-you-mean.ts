/**
 * Edit distance with adjacent transpositions (optimal string alignment), so that the typos people
 * actually make — a dropped, doubled, wrong or swapped letter — each cost 1.
 */
export function editDistance(a: string, b: string): number {
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (beforePrevious[j - 2] ?? 0) + 1);
      }
      current[j] = best;
    }
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length] ?? 0;
}

// Roughly one typo per four letters: "timeoutMinuts" finds "timeoutMinutes", "foo" finds nothing.
const allowedDistance = (length: number): number => (length <= 4 ? 1 : length <= 8 ? 2 : 3);

/**
 * The candidate a mistyped name most likely meant, or undefined when none is close enough to
 * suggest: a wrong guess is worse than a list of the valid names. Case is ignored ("Command"
 * finds "command"), and an abbreviation of at least three letters finds the one name it starts
 * ("timeout" finds "timeoutMinutes").
 */
export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  const typed = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(typed, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best !== undefined && bestDistance <= allowedDistance(typed.length)) return best;
  if (typed.length < 3) return undefined;
  const extended = candidates.filter((candidate) => candidate.toLowerCase().startsWith(typed));
  return extended.length === 1 ? extended[0] : undefined;
}
