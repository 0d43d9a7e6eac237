import { sourcedEvents } from '../seed/references';
import { checkHistory, compareReleases, compareVersions, parseHistoryFile, parseReleaseFile, parseVersionFile, VersionDataError, type HistoryFile, type VersionFile } from './schema';
import { checkSeed } from './events';

/** The text of every file the site's data comes from, with the names to report faults by. */
export interface DatasetTexts {
  /** The directory of the version files, as faults name it. */
  directory: string;
  versions: { file: string; text: string }[];
  /** The files of releases a newer release of their version replaced (`releases/3.14.6.json`). */
  releases?: { file: string; text: string }[];
  /** Undefined where the file does not exist. */
  history: { file: string; text: string | undefined };
  /** The docs' own published 3.8.0 table and its references. */
  seed: { files: { table: string; references: string }; texts: { table: string; references: string } };
}

/** The version files, oldest first, and the history: each validated, and all checked against each other. */
export interface Dataset {
  versions: VersionFile[];
  /** Releases a newer release of their version replaced, oldest first. */
  releases: VersionFile[];
  history: HistoryFile;
}

/** A version file's name: `3.12.json`. */
export const VERSION_FILE = /^3\.\d+\.json$/;

/** The folder, beside the version files, of the releases newer ones replaced, and their names: `3.14.6.json`. */
export const RELEASES_DIRECTORY = 'releases';
export const RELEASE_FILE = /^3\.\d+\.\d+(?:(?:a|b|rc)\d+)?\.json$/;

/**
 * Reads the site's data: every version file and the history on its own (the zod schema, then
 * consistency), then against each other (the history against every version, the 3.8.0 seed
 * against 3.8.json; each replaced release against its version and the history). Throws a `VersionDataError`, `TableParseError` or `ReferenceMismatchError`
 * naming the file, the event or line, and the fault.
 */
export function parseDataset(input: DatasetTexts): Dataset {
  const versions = input.versions.map(({ file, text }) => parseVersionFile(text, file)).sort((a, b) => compareVersions(a.version, b.version));
  if (input.history.text === undefined) throw new VersionDataError(input.history.file, undefined, 'missing: the data needs its history beside the version files');
  const history = parseHistoryFile(input.history.text, input.history.file);
  const fileOf = (version: string) => input.versions.find((entry) => entry.file.endsWith(`${version}.json`))?.file ?? `${version}.json`;
  checkHistory(history, versions, { history: input.history.file, version: (file) => fileOf(file.version) });
  const releases = (input.releases ?? []).map(({ file, text }) => ({ file, data: parseReleaseFile(text, file) }));
  for (const { file, data } of releases) {
    const current = versions.find((version) => version.version === data.version);
    if (!current) throw new VersionDataError(file, undefined, `is a release of ${data.version}, but the data has no ${data.version}.json`);
    if (compareReleases(data.release, current.release) >= 0) {
      throw new VersionDataError(file, undefined, `${data.release} is not older than ${fileOf(data.version)}'s ${current.release}: the version file holds the newest release`);
    }
  }
  checkHistory(history, releases.map(({ data }) => data), { history: input.history.file, version: (data) => releases.find((entry) => entry.data === data)?.file ?? data.release });
  const seed = sourcedEvents(input.seed.texts, input.seed.files);
  const first = versions.find((file) => file.version === '3.8');
  if (!first) throw new VersionDataError(input.directory, undefined, `has no 3.8.json to check ${input.seed.files.table} against`);
  checkSeed(seed, first, { table: input.seed.files.table, version: fileOf('3.8') });
  return { versions, releases: releases.map(({ data }) => data).sort((a, b) => compareReleases(a.release, b.release)), history };
}
