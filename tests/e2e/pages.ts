/** One page of each type the site has, for checks that run over all of them. */
export const PAGE_TYPES: [kind: string, path: string][] = [
  ['index', ''],
  ['event', 'events/socket.connect/'],
  ['event without arguments', 'events/sys.settrace/'],
  ['event with a slash', 'events/builtins.input/result/'],
  ['argument index', 'arguments/'],
  ['argument', 'arguments/fullpath/'],
  ['module index', 'modules/'],
  ['module', 'modules/builtins/'],
  ['about', 'about/'],
  ['404', 'events/socket.conect/'],
];
