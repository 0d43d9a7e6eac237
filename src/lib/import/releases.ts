import { compareReleases, compareVersions } from '../versions/schema';

/** A CPython release tag: `v3.15.2`, `v3.16.0a1`, as `git ls-remote --tags` lists them (`refs/tags/v3.15.2`, peeled `^{}` too). */
const TAG = /^(?:.*\s)?(?:refs\/tags\/)?v(3\.(\d+)\.\d+(?:(?:a|b|rc)\d+)?)(?:\^\{\})?$/;

/** The releases a list of tags names, each once, oldest first; other tags (`v2.7.18`, `legacy-trunk`) are left out. */
export function releasesOf(tags: readonly string[]): string[] {
  const found = new Set<string>();
  for (const line of tags) {
    const match = TAG.exec(line.trim());
    if (match?.[1]) found.add(match[1]);
  }
  return [...found].sort(compareReleases);
}

/**
 * The releases to import, oldest first: for each minor version the data covers, its newest
 * release if the data holds an older one; and for each minor line newer than all of them, its
 * newest release, which is a pre-release until the line's final comes out. Lines older than the
 * data's oldest are not the site's.
 */
export function newerReleases(tags: readonly string[], data: readonly { version: string; release: string }[]): string[] {
  const newest = new Map<string, string>();
  for (const release of releasesOf(tags)) newest.set(/^3\.\d+/.exec(release)?.[0] ?? '', release);
  const covered = new Map(data.map((file) => [file.version, file.release]));
  const newestCovered = [...covered.keys()].sort(compareVersions).at(-1);
  return [...newest.entries()]
    .filter(([minor, release]) => {
      const held = covered.get(minor);
      if (held !== undefined) return compareReleases(release, held) > 0;
      return newestCovered !== undefined && compareVersions(minor, newestCovered) > 0;
    })
    .map(([, release]) => release)
    .sort(compareReleases);
}
