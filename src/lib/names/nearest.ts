/**
 * The edit distance between two strings, counting a swap of two neighbouring characters as one
 * edit (optimal string alignment), so "sokcet" is one edit from "socket". Past `max` it stops
 * early and answers `max + 1`.
 */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  // Three rows of the table are enough: the current one, the one above, and the one above that
  // (for swaps). Reused, so a search keystroke allocates nothing per comparison.
  let before = new Array<number>(b.length + 1).fill(0);
  let above = Array.from({ length: b.length + 1 }, (_, j) => j);
  let row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let smallest = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((above[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (above[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (before[j - 2] ?? 0) + 1);
      row[j] = best;
      smallest = Math.min(smallest, best);
    }
    if (smallest > max) return max + 1;
    [before, above, row] = [above, row, before];
  }
  return above[b.length] ?? 0;
}

/**
 * The names closest to `query`, nearest first: those that contain it or that a few edits turn into
 * it (at most a third of its length). Case is ignored.
 */
export function nearestNames(query: string, names: readonly string[], limit = 5): string[] {
  const wanted = query.trim().toLowerCase();
  if (wanted === '') return [];
  const budget = Math.max(1, Math.floor(wanted.length / 3));
  return names
    .map((name) => {
      const lower = name.toLowerCase();
      // Bounded by the budget, so a query of thousands of characters costs no more than a short one.
      const distance = lower.includes(wanted) ? 0.5 : editDistance(wanted, lower, budget);
      return { name, distance };
    })
    .filter(({ distance }) => distance <= budget)
    .sort((a, b) => a.distance - b.distance || a.name.length - b.name.length)
    .slice(0, limit)
    .map(({ name }) => name);
}
