import type { VersionFile } from '../versions/schema';
import { tableChanges } from '../versions/events';
import type { HistoryUpdate } from './history';

const names = (list: readonly string[]) => (list.length === 0 ? 'none' : list.map((name) => `\`${name}\``).join(', '));
const args = (list: readonly string[]) => `(${list.join(', ')})`;

/**
 * What one import changed, in Markdown, for the pull request that brings it: the version file's
 * release before and after, events added, removed and with other arguments, and the history.
 */
export function changeSummary(before: Pick<VersionFile, 'release' | 'events' | 'internal_events'> | undefined, after: VersionFile | undefined, release: string, history: Pick<HistoryUpdate, 'changed' | 'added' | 'updated'>): string {
  const lines = [`### ${release}`, ''];
  if (!after) {
    lines.push(`- The version's file is kept: it holds a newer release than ${release}.`);
  } else {
    const changes = tableChanges(before, after);
    lines.push(`- \`${after.version}.json\`: ${before ? `${before.release} → ` : 'new, '}${after.release}, ${after.events.length} events, ${after.internal_events.length} raised internally`);
    lines.push(`- Events added: ${names(changes.added)}`);
    lines.push(`- Events removed: ${names(changes.removed)}`);
    lines.push(`- Arguments changed: ${changes.changed.length === 0 ? 'none' : changes.changed.map((change) => `\`${change.name}\` ${args(change.before)} → ${args(change.after)}`).join('; ')}`);
    if (changes.internalAdded.length + changes.internalRemoved.length > 0) {
      lines.push(`- Raised internally: added ${names(changes.internalAdded)}, removed ${names(changes.internalRemoved)}`);
    }
  }
  lines.push(
    history.changed
      ? `- \`history.json\`: ${release} added; new names ${names(history.added)}; ${history.updated.length} entries recomputed`
      : `- \`history.json\`: unchanged, it already lists ${release}`,
  );
  return `${lines.join('\n')}\n\n`;
}
