import { describe, expect, it } from 'vitest';
import { pythonSuggestion } from '../../../src/clients/python-suggestions.js';

// Candidates of `def f(self, server, host=None, force=False, block_migration=None, disk_over_commit=None)`;
// expectations are what CPython 3.13 and 3.14 print (run in Debian trixie and sid).
const PARAMS = ['self', 'server', 'host', 'force', 'block_migration', 'disk_over_commit'];

describe("CPython's keyword suggestion", () => {
  it.each([
    ['disk_overcommit', 'disk_over_commit'],
    ['force_x', 'force'],
    ['Host', 'host'],
    ['blockmigration', 'block_migration'],
    ['forc', 'force'],
  ])('suggests %s → %s', (given, suggested) => {
    expect(pythonSuggestion(PARAMS, given)).toBe(suggested);
  });

  it.each(['x', 'disk', 'zzzzzzzzzzz', 'hots'])('suggests nothing for %s (more than a third would change)', (given) => {
    expect(pythonSuggestion(PARAMS, given)).toBeUndefined();
  });
});
