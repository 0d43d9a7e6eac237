import { readCatalog } from '../support/dataset';

/** Every event of every version as the site was built from it, read by the same code, as the source of expected results. */
export const catalog = readCatalog();
