import { readFileSync } from 'node:fs';
import { buildCatalog } from '../../src/lib/catalog';
import { parseAuditTable } from '../../src/lib/parse-table';

/** The table the site was built from, read by the same parser, as the source of expected results. */
export const catalog = buildCatalog(parseAuditTable(readFileSync('content/audit-events.txt', 'utf8')));
