import { describe, expect, it } from 'vitest';
import { editDistance, nearestNames } from '../../src/lib/names/nearest';

const names = ['socket.connect', 'socket.bind', 'socket.getaddrinfo', 'os.system', 'open', 'webbrowser.open'];

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and swaps', () => {
    expect(editDistance('socket', 'socket')).toBe(0);
    expect(editDistance('socet', 'socket')).toBe(1);
    expect(editDistance('sokcet', 'socket')).toBe(1);
    expect(editDistance('open', 'opex')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('ca', 'abc')).toBe(3);
  });

  it('stops early past a maximum, answering one more than it', () => {
    expect(editDistance('socket', 'webbrowser', 2)).toBe(3);
    expect(editDistance('x'.repeat(10_000), 'socket', 2)).toBe(3);
    expect(editDistance('sokcet', 'socket', 2)).toBe(1);
  });
});

describe('nearestNames', () => {
  it('finds the event a mistyped name meant', () => {
    expect(nearestNames('sokcet.conect', names)[0]).toBe('socket.connect');
    expect(nearestNames('os.sytem', names)).toEqual(['os.system']);
  });

  it('lists names that contain the query, shortest first', () => {
    expect(nearestNames('open', names)).toEqual(['open', 'webbrowser.open']);
  });

  it('ignores case and offers nothing for a query far from every name', () => {
    expect(nearestNames('SOCKET.BIND', names)).toEqual(['socket.bind']);
    expect(nearestNames('completely-unrelated', names)).toEqual([]);
  });
});
