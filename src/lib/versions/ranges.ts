// Imported by the search in the browser: nothing here may import more than it needs.

/** A minor version, as the site names and links it. */
export interface Version {
  version: string;
  release: string;
  status: 'stable' | 'pre-release';
  docsBaseUrl: string;
  /** The release whose source was scanned for raise sites; null where none was. */
  codeRelease: string | null;
}

/**
 * A set of versions in words, against every version of the site: "3.10 and later", "3.8 to 3.12,
 * removed in 3.13", "3.15 pre-release only", "3.9 only, removed in 3.10".
 */
export function rangeInWords(present: readonly string[], all: readonly Pick<Version, 'version' | 'status'>[], { removal = true } = {}): string {
  const order = all.map((version) => version.version);
  const indexes = present.map((version) => order.indexOf(version)).filter((at) => at !== -1).sort((a, b) => a - b);
  if (indexes.length === 0) return 'in no version';
  const runs: [number, number][] = [];
  for (const at of indexes) {
    const run = runs.at(-1);
    if (run && at === run[1] + 1) run[1] = at;
    else runs.push([at, at]);
  }
  const last = order.length - 1;
  const name = (at: number) => {
    const version = all[at];
    return version?.status === 'pre-release' ? `${version.version} (pre-release)` : (version?.version ?? '');
  };
  const words = runs.map(([start, end]) => {
    if (end === last) {
      if (start === end && all[end]?.status === 'pre-release') return `${all[end]?.version ?? ''} pre-release only`;
      return `${all[start]?.version ?? ''} and later`;
    }
    return start === end ? `${name(start)} only` : `${all[start]?.version ?? ''} to ${name(end)}`;
  });
  const [, finalEnd = last] = runs.at(-1) ?? [];
  const gaps = runs.slice(1).map(([start], at) => [(runs[at]?.[1] ?? 0) + 1, start - 1] as const);
  let text = words.join(', ');
  if (gaps.length > 0) {
    const missing = gaps.map(([start, end]) => (start === end ? name(start) : `${name(start)} to ${name(end)}`));
    text += ` (not in ${missing.join(' or ')})`;
  }
  if (removal && finalEnd < last) text += `, removed in ${name(finalEnd + 1)}`;
  return text;
}


/** Orders releases by version number: 3.8.7 < 3.8.20, 3.14.0rc1 < 3.14.0 < 3.14.6. */
export function compareReleases(a: string, b: string): number {
  const [x, y] = [releaseKey(a), releaseKey(b)];
  for (let at = 0; at < x.length; at++) {
    const difference = (x[at] ?? 0) - (y[at] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

// Pages sort the same few hundred releases again and again (every event page its history's).
const releaseKeys = new Map<string, readonly number[]>();

function releaseKey(value: string): readonly number[] {
  let key = releaseKeys.get(value);
  if (key === undefined) {
    const [, major = '0', minor = '0', micro = '0', stage = '', serial = '0'] = /^(\d+)\.(\d+)\.(\d+)(a|b|rc)?(\d+)?$/.exec(value) ?? [];
    // A final release comes after its alphas, betas and candidates.
    const rank = { a: 0, b: 1, rc: 2, '': 3 }[stage] ?? 3;
    key = [Number(major), Number(minor), Number(micro), rank, Number(serial)];
    releaseKeys.set(value, key);
  }
  return key;
}

/** Orders minor versions: 3.8 < 3.9 < 3.10. */
export function compareVersions(a: string, b: string): number {
  return compareReleases(`${a}.0`, `${b}.0`);
}
