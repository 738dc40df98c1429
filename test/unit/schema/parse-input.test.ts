import { describe, expect, it } from 'vitest';
import { aliasBomb } from '../../support/alias-bomb.js';
import { InputSyntaxError, MAX_YAML_ALIAS_COUNT, parseJsonText, parseYamlText, positionAt } from '../../../src/schema/parse-input.js';

function thrown(fn: () => unknown): InputSyntaxError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputSyntaxError) return error;
    throw error;
  }
  throw new Error('nothing thrown');
}


describe('parsing input text', () => {
  it('refuses a YAML alias bomb instead of expanding it, saying where the aliases start', () => {
    const error = thrown(() => parseYamlText(aliasBomb()));
    expect(error.message).toBe(`YAML aliases expand too much (more than ${MAX_YAML_ALIAS_COUNT} alias expansions): refused as a resource exhaustion attempt`);
    expect(error.position).toBe('line 2, column 10');
  });

  it('keeps ordinary anchors and aliases working', () => {
    expect(parseYamlText('a: &x {b: 1}\nc: *x\n').data).toEqual({ a: { b: 1 }, c: { b: 1 } });
  });

  it('gives the line and column of a YAML error and of a duplicate key', () => {
    expect(thrown(() => parseYamlText('a: 1\nb: [1, 2\nc: 3\n')).position).toMatch(/^line \d+, column \d+$/);
    expect(thrown(() => parseYamlText('a: 1\na: 2\n'))).toMatchObject({ position: 'line 2, column 1' });
  });

  it('gives the line and column of a JSON error', () => {
    expect(thrown(() => parseJsonText('{\n  "a": 1,\n  }\n'))).toMatchObject({ position: 'line 3, column 3', message: expect.stringMatching(/^not valid JSON: /) });
    expect(thrown(() => parseJsonText('{"a": [1, 2'))).toMatchObject({ position: 'line 1, column 12' });
    expect(positionAt('ab\ncd', 4)).toBe('line 2, column 2');
  });

  it('locates a JSON pointer in the YAML it came from', () => {
    const parsed = parseYamlText('version: 1\nentries:\n  - cell: x\n    expires: 2027-02-31\n');
    expect(parsed.locate('/entries/0/expires')).toBe('line 4, column 14');
  });
});
