import { readFileSync } from 'node:fs';
import { buildCatalog } from '../../src/lib/catalog';
import { parseReferences, sourcedEvents } from '../../src/lib/references';

const FILES = { table: 'content/audit-events.txt', references: 'content/audit-event-references.json' };
const texts = { table: readFileSync(FILES.table, 'utf8'), references: readFileSync(FILES.references, 'utf8') };

/** The references file the site was built from. */
export const references = parseReferences(texts.references);

/** The table the site was built from, read by the same code, as the source of expected results. */
export const catalog = buildCatalog(sourcedEvents(texts, FILES));
