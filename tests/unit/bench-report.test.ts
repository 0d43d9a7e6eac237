import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BENCHMARKS_DOC, benchMarkdown, newestResults, queryLabel, withReport, type BenchResults } from '../../bench/report';

const made: BenchResults = {
  schema: 1,
  date: '2030-01-02',
  machine: { name: 'a test machine', cpu: 'Some CPU', cores: 2, memoryGB: 8, os: 'Linux 6.1', node: '22.23.0' },
  builds: [
    { events: 1000, seconds: 20, megabytes: 5, files: 3000, kinds: [{ kind: 'events', pages: 1000, ms: 4000 }, { kind: 'apis', pages: 500, ms: 9000 }] },
    { events: 10000, seconds: 55, megabytes: 50, files: 30000, phases: [{ phase: 'pages', ms: 40000 }, { phase: 'mystery', ms: 15000 }] },
  ],
  latency: [],
  searchSizes: [{ events: 10000, code: 13026, data: 211525 }],
  hostile: [{ events: 209, slowest: [{ query: 'a|b', ms: 3.25 }, { query: 'x'.repeat(10000), ms: 12 }] }],
  lighthouse: [],
};

describe('the benchmarks page', () => {
  it('shows the newest results file, as npm run bench:report writes it', () => {
    const { file, results } = newestResults();
    expect(results.schema).toBe(1);
    const doc = readFileSync(BENCHMARKS_DOC, 'utf8');
    expect(withReport(doc, file, results), `${BENCHMARKS_DOC} is not generated from ${file}: run npm run bench:report`).toBe(doc);
  });

  it('gives each build a row of its figures, and its kinds of pages slowest first', () => {
    const text = benchMarkdown(made);
    expect(text).toContain('| 10000 | 55.0 | 30000 | 50.0 | 5.5 | 5.0 |');
    expect(text).toContain('| /apis/ | 500 | 9.0 | 18.00 |');
    expect(text.indexOf('| /apis/')).toBeLessThan(text.indexOf('| /events/'));
    expect(text).toContain('| pages | 40.0 | every page rendered and written |');
    expect(text).toContain('| mystery | 15.0 |  |');
    expect(text).toContain('2 × Some CPU, 8 GB');
    // Sections with nothing measured are left out rather than shown empty.
    expect(text).not.toContain('## Search latency');
    expect(text).not.toContain('## Lighthouse');
  });

  it('says every time a repeated build took, and shows the median one', () => {
    const repeated: BenchResults = { ...made, builds: [{ events: 10000, seconds: 61.5, megabytes: 50, files: 30000, runs: [88.1, 61.5, 59.2] }] };
    const text = benchMarkdown(repeated);
    expect(text).toContain('| 10000 | 61.5 |');
    expect(text).toContain('10,000 events, built 3 times one after the other: 88.1, 61.5, 59.2 s.');
    // A single build has nothing more to say.
    expect(benchMarkdown(made)).not.toContain('times one after the other');
  });

  it('keeps a hostile query a single cell', () => {
    expect(queryLabel('a|b')).toBe('`a\\|b`');
    expect(queryLabel('x'.repeat(10000))).toBe('`xxxxxx… (10000 characters)`');
    expect(queryLabel('"\'`')).toBe('`` "\'` ``');
    expect(queryLabel('\u0000')).toBe('`\\u0000`');
  });

  it('refuses a page whose markers are gone', () => {
    expect(() => withReport('# Benchmarks\n', 'f.json', made)).toThrow('markers');
  });
});
