import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { thrownMvmError } from '../../support/thrown-mvm-error.js';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, MvmError } from '../../../src/errors.js';
import { loadWorld } from '../../../src/nova/world-file.js';
import { DEFAULT_WORLD } from '../../../src/nova/world.js';
import { validateWorld } from '../../../src/nova/world-schema.js';

function writeWorld(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'mvm-world-'));
  const file = join(dir, 'world.yaml');
  writeFileSync(file, text);
  return file;
}


describe('world definitions', () => {
  it('worlds/default.yaml holds exactly DEFAULT_WORLD', () => {
    expect(loadWorld('worlds/default.yaml')).toEqual(DEFAULT_WORLD);
  });

  it('DEFAULT_WORLD passes its own schema and has one fixed server per template', () => {
    expect(validateWorld(DEFAULT_WORLD, 'default')).toBe(DEFAULT_WORLD);
    expect(DEFAULT_WORLD.servers.map((s) => s.template).sort()).toEqual(Object.keys(DEFAULT_WORLD.templates).sort());
  });

  it('names the file and the JSON pointer of a schema violation', () => {
    const file = writeWorld('version: 1\nprojectId: NOT-HEX\n');
    const error = thrownMvmError(() => loadWorld(file));
    expect(error.code).toBe(ERROR_CODES.INVALID_WORLD);
    expect(error.where).toBe(file);
    expect(error.message).toMatch(/^\/(projectId|userId)/);
  });

  it('rejects a template on an unknown host with its path', () => {
    const bad = { ...DEFAULT_WORLD, templates: { ...DEFAULT_WORLD.templates, active: { ...DEFAULT_WORLD.templates['active']!, host: 'compute-77' } } };
    const error = thrownMvmError(() => validateWorld(bad, 'w.yaml'));
    expect(error.message).toBe("/templates/active/host: unknown host 'compute-77'");
  });

  it('rejects an unknown property with its path', () => {
    const error = thrownMvmError(() => validateWorld({ ...DEFAULT_WORLD, extra: 1 }, 'w.yaml'));
    expect(error.message).toBe("/: unknown key 'extra'");
  });

  it('reports unreadable files and bad YAML as INVALID_WORLD', () => {
    expect(thrownMvmError(() => loadWorld('/nonexistent/world.yaml')).code).toBe(ERROR_CODES.INVALID_WORLD);
    expect(thrownMvmError(() => loadWorld(writeWorld('a: [1'))).message).toMatch(/^not valid YAML/);
  });
});
