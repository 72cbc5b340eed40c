/**
 * "Did you mean" for misspelt setting names. A few lines of optimal-string-alignment distance instead of a
 * dependency: the candidates are one object's keys (a few dozen short names), so speed is irrelevant, and
 * transpositions (`decisonBudgetMs`, `resutlHoldMs`) count as one edit, which plain Levenshtein does not.
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** The known name closest to `given` (case-insensitive), if it is close enough to be a likely typo. */
export function closestName(given: string, known: readonly string[]): string | undefined {
  const lower = given.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = editDistance(lower, name.toLowerCase());
    if (!best || distance < best.distance) best = { name, distance };
  }
  // About one edit per four characters: `decisonBudgetMs` → `decisionBudgetMs`, but `foo` suggests nothing.
  const limit = Math.max(1, Math.floor(given.length / 4));
  return best && best.distance <= limit ? best.name : undefined;
}
