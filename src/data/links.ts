import { apiPath, argumentPath, categoryPath, eventPath, modulePath, sitesPath, startupPath, versionCategoryPath, versionPath, withBase } from '../lib/names/naming';

const base = import.meta.env.BASE_URL;

/** The parts of the site the header's navigation marks as current. */
export type Section = 'events' | 'apis' | 'versions' | 'categories' | 'hooks' | 'arguments' | 'modules' | 'try' | 'about';

// Every page links dozens of events; at 10,000 events that is over half a million links a build.
const eventLinks = new Map<string, string>();

/** Root-relative URLs of the site's pages, under the configured base path. */
export const links = {
  home: withBase(base, ''),
  events: withBase(base, ''),
  arguments: withBase(base, 'arguments/'),
  modules: withBase(base, 'modules/'),
  about: withBase(base, 'about/'),
  versions: withBase(base, 'versions/'),
  undocumented: withBase(base, 'undocumented/'),
  try: withBase(base, 'try/'),
  apis: withBase(base, 'apis/'),
  behaviour: withBase(base, 'behaviour/'),
  categories: withBase(base, 'categories/'),
  hooks: withBase(base, 'hooks/'),
  startupAll: withBase(base, 'startup/'),
  startup: (version: string) => withBase(base, startupPath(version)),
  category: (name: string) => withBase(base, categoryPath(name)),
  versionCategory: (version: string, category: string) => withBase(base, versionCategoryPath(version, category)),
  api: (name: string) => withBase(base, apiPath(name)),
  asset: (file: string) => withBase(base, file),
  event: (name: string) => {
    let link = eventLinks.get(name);
    if (link === undefined) {
      link = withBase(base, eventPath(name));
      eventLinks.set(name, link);
    }
    return link;
  },
  sites: (name: string) => withBase(base, sitesPath(name)),
  argument: (arg: string) => withBase(base, argumentPath(arg)),
  module: (module: string) => withBase(base, modulePath(module)),
  version: (version: string) => withBase(base, versionPath(version)),
  versionData: (version: string) => withBase(base, `versions/${encodeURIComponent(version)}.json`),
};
