import { readBehaviour, readCatalog, readCategories } from '../support/dataset';

/** Every event of every version as the site was built from it, read by the same code, as the source of expected results. */
export const catalog = readCatalog();

/** What every call of the corpus raised, as the site was built from it. */
export const behaviour = readBehaviour(catalog);

/** What each event is about, as the site was built from it. */
export const categories = readCategories(catalog);
