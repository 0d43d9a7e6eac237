import { argumentPath, eventPath, modulePath, withBase } from '../lib/naming';

const base = import.meta.env.BASE_URL;

/** Root-relative URLs of the site's pages, under the configured base path. */
export const links = {
  home: withBase(base, ''),
  events: withBase(base, ''),
  arguments: withBase(base, 'arguments/'),
  modules: withBase(base, 'modules/'),
  about: withBase(base, 'about/'),
  asset: (file: string) => withBase(base, file),
  event: (name: string) => withBase(base, eventPath(name)),
  argument: (arg: string) => withBase(base, argumentPath(arg)),
  module: (module: string) => withBase(base, modulePath(module)),
};
