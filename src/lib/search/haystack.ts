/** Strings of every event, one after another, and where each event's starts. */
export interface Haystack {
  text: string;
  starts: Int32Array;
}

export function haystack(items: readonly string[]): Haystack {
  const starts = new Int32Array(items.length + 1);
  let at = 0;
  items.forEach((item, index) => {
    starts[index] = at;
    at += item.length + 1;
  });
  starts[items.length] = at;
  return { text: items.join('\u0000'), starts };
}

// Marks (1) every event whose string holds `text`, skipping to the next event after each find.
export function markOccurrences({ text: all, starts }: Haystack, text: string, marks: Uint8Array): void {
  if (text === '' || text.includes('\u0000')) return;
  let from = 0;
  let entry = 0;
  for (;;) {
    const found = all.indexOf(text, from);
    if (found === -1) return;
    // The event the find is in: the last start at or before it, searched forward from the last.
    let low = entry;
    let high = starts.length - 2;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] ?? 0) <= found) low = mid;
      else high = mid - 1;
    }
    entry = low;
    marks[entry] = 1;
    from = starts[entry + 1] ?? all.length;
    entry++;
    if (entry >= starts.length - 1) return;
  }
}
