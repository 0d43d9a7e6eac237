/**
 * The edit distance between two strings, counting a swap of two neighbouring characters as one
 * edit (optimal string alignment), so "sokcet" is one edit from "socket".
 */
export function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => rows[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      const row = rows[i];
      if (row) row[j] = best;
    }
  }
  return at(a.length, b.length);
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
      // The distance is at least the difference in length: names that cannot be near are skipped
      // cheaply, so a query of thousands of characters costs no more than a short one.
      const distance = lower.includes(wanted)
        ? 0.5
        : Math.abs(lower.length - wanted.length) > budget
          ? Number.POSITIVE_INFINITY
          : editDistance(wanted, lower);
      return { name, distance };
    })
    .filter(({ distance }) => distance <= budget)
    .sort((a, b) => a.distance - b.distance || a.name.length - b.name.length)
    .slice(0, limit)
    .map(({ name }) => name);
}
