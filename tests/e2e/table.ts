import { readFileSync } from 'node:fs';
import { buildCatalog } from '../../src/lib/catalog';
import { parseAuditTable } from '../../src/lib/parse-table';
import { crossCheck, parseReferences } from '../../src/lib/references';

const events = parseAuditTable(readFileSync('content/audit-events.txt', 'utf8'));

/** The references file the site was built from. */
export const references = parseReferences(readFileSync('content/audit-event-references.json', 'utf8'));

const linked = crossCheck(events, references, { table: 'table', references: 'references' });

/** The table the site was built from, read by the same code, as the source of expected results. */
export const catalog = buildCatalog(events.map((event, index) => ({ ...event, sources: linked[index] ?? [] })));
