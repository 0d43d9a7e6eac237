import { z } from 'astro/zod';
import { parseJson, VersionDataError } from '../versions/schema';

/**
 * `content/calls/*.json`: the call corpus. Each file holds calls of public standard-library APIs,
 * each with the API's dotted name, a setup that is not traced and the call that is. The tracer
 * runs them in every CPython it finds; `content/traces/` holds what they raised.
 */

const code = z.string();
/** `shutil.copy`, `pathlib.Path.read_text`, `socket.socket.connect`, `open`. */
const apiName = z.string().regex(/^[A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*$/, 'an API is a dotted name like shutil.copy');
/** An API name, and after a slash what sets this call apart from another of the same API: `open/rb`. */
const callId = z.string().regex(/^[A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*(?:\/[\w.-]+)?$/, 'a call is named like shutil.copy or open/rb');

export const corpusCallSchema = z.strictObject({
  /** Unique in the corpus; the API's name, or the name and a slash and a word. */
  id: callId,
  /** The public API the call exercises. */
  api: apiName,
  /** Python run before the call, untraced, in a fresh temporary folder that is the working directory. */
  setup: code.default(''),
  /** The traced Python: one statement or a few, nothing else. */
  call: code.min(1, 'a call needs the code it traces'),
  /** Python run after the call, untraced, to undo what the call changed in the process (not files: the folder goes). */
  cleanup: code.optional(),
  /**
   * A loopback server the tracer starts, its (host, port) given to the code as `server`: `server`
   * answers HTTP; `ftp`, `smtp`, `pop3`, `imap`, `nntp` greet and answer each command as such a
   * server would; `echo` sends back each line.
   */
  needs: z.array(z.enum(['server', 'ftp', 'smtp', 'pop3', 'imap', 'nntp', 'echo'])).max(1).optional(),
  /**
   * The platforms (`sys.platform`) the call is for, where it is not for all: `win32` for the
   * registry. Elsewhere the harness records it as not run without running it, and a trace of none
   * of them does not count it as a call that runs nowhere.
   */
  platforms: z.array(z.enum(['linux', 'win32', 'darwin'])).min(1).optional(),
  /** Why this call, where the choice needs saying. */
  note: z.string().min(1).optional(),
});

export const corpusFileSchema = z.strictObject({
  /** What the file covers, in a sentence. */
  about: z.string().min(1),
  calls: z.array(corpusCallSchema).min(1),
});

/** Events no call of the corpus can make CPython raise on Linux, each with why (Windows only, start-up only, root, a real network). */
export const unobservedFileSchema = z.strictObject({
  about: z.string().min(1),
  events: z.record(z.string().regex(/^\S+$/), z.string().regex(/^[A-Z].*\.$/su, 'a reason is one sentence, from a capital to a full stop')),
});

export type CorpusCall = z.infer<typeof corpusCallSchema>;

/** The harness's request for some calls: what it needs of each, and, for a hook test, the policy file it loads and its time limit per run. */
export function harnessRequest(calls: readonly CorpusCall[], extra: { policy?: string; limit?: number } = {}): string {
  return JSON.stringify({ ...extra, calls: calls.map(({ id, setup, call, cleanup, needs, platforms }) => ({ id, setup, call, cleanup, needs, platforms })) });
}
/** A call with the file it comes from, for faults. */
export type SourcedCall = CorpusCall & { file: string };

/** Reads one corpus file with its schema; a fault names the file, the call and the field. */
export function parseCorpusFile(text: string, file: string): SourcedCall[] {
  const data = parseJson(text, file);
  const result = corpusFileSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    const [list, index, ...rest] = issue?.path ?? [];
    const entry = list === 'calls' && typeof index === 'number' ? (data as { calls: { id?: unknown }[] }).calls[index] : undefined;
    const name = typeof entry?.id === 'string' ? entry.id : list === 'calls' && typeof index === 'number' ? `calls[${index}]` : undefined;
    throw new VersionDataError(file, name, `${rest.join('.') || String(list ?? 'the file')}: ${issue?.message ?? 'does not match the schema'}`, 'call');
  }
  return result.data.calls.map((call) => ({ ...call, file }));
}

/** Checks the corpus as a whole: every call's id unique, and an id that names an API names its own. */
export function checkCorpus(calls: readonly SourcedCall[]): void {
  const seen = new Map<string, string>();
  for (const call of calls) {
    const first = seen.get(call.id);
    if (first !== undefined) throw new VersionDataError(call.file, call.id, `the call is named twice (first in ${first})`, 'call');
    seen.set(call.id, call.file);
    const named = call.id.split('/')[0];
    if (named !== call.api) throw new VersionDataError(call.file, call.id, `the id names ${named}, but the call is of ${call.api}`, 'call');
  }
}
