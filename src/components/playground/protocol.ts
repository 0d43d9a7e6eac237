/** How many events of a run the worker reports and the page lists; the counts cover every one. */
export const LISTED_EVENTS = 2000;

/** One audit event as the worker reports it: name, argument reprs, raised while a module loaded, raised by running the code itself. */
export type RecordedEvent = [name: string, args: string[], loading: boolean, harness: boolean];

/** What the page asks of the worker. */
export type ToWorker = { type: 'load'; indexURL: string } | { type: 'run'; code: string; input: string; hook: string };

/** What the worker tells the page. */
export type FromWorker =
  | { type: 'started' }
  | { type: 'progress'; step: number; of: number; text: string }
  | { type: 'ready'; version: string }
  | { type: 'failed'; message: string }
  | { type: 'blocked'; directive: string; uri: string }
  | { type: 'events'; events: RecordedEvent[] }
  | { type: 'stdout' | 'stderr'; text: string }
  | { type: 'done'; error: string | null; counts: Record<string, number>; dropped: number; seconds: number };
