/**
 * Every test file belongs to exactly one tier (test/tiers.ts), so `npm test` and the tiers run
 * one by one (CI) cover the same files, and every tier can be run alone with its npm script.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TEST_TIERS } from '../tiers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testFiles(path);
    return name.endsWith('.test.ts') ? [relative(ROOT, path)] : [];
  });
}

/** vitest's globs as used here: `**` any folders, `*` within one path segment. */
function matches(glob: string, file: string): boolean {
  const pattern = glob
    .split('/')
    .map((part) => (part === '**' ? '(?:.+/)?' : `${part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}/`))
    .join('');
  return new RegExp(`^${pattern.slice(0, -1)}$`).test(file);
}

function tiersOf(file: string): string[] {
  return TEST_TIERS.filter((t) => t.include.some((g) => matches(g, file)) && !(t.exclude ?? []).some((g) => matches(g, file))).map((t) => t.name);
}

describe('the test tiers', () => {
  it('put every test file in exactly one tier', () => {
    const files = testFiles(join(ROOT, 'test'));
    expect(files.length).toBeGreaterThan(50);
    const misplaced = files.map((file) => ({ file, tiers: tiersOf(file) })).filter(({ tiers }) => tiers.length !== 1);
    expect(misplaced).toEqual([]);
  });

  it('each have an npm script that runs the tier alone', () => {
    const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    for (const tier of TEST_TIERS) expect(scripts[`test:${tier.name}`], tier.name).toBe(`vitest run --project ${tier.name}`);
  });

  it('match this file and a real-Nova suite where expected', () => {
    expect(tiersOf('test/unit/tiers.test.ts')).toEqual(['unit']);
    expect(tiersOf('test/conformance/differential.test.ts')).toEqual(['real-nova']);
    expect(tiersOf('test/conformance/emulator-robustness.test.ts')).toEqual(['conformance']);
    expect(tiersOf('test/e2e/html-browser.test.ts')).toEqual(['browser']);
  });
});
