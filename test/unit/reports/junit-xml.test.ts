/**
 * `run` writes junit.xml straight from the JUnit view (src/reports/junit-xml.ts) unless
 * `--templates` overrides it: byte for byte what the built-in Handlebars template renders,
 * with and without a baseline, with failures, skips, an expired allow-list entry and text that
 * needs escaping. What `run` writes from is the streamed view (cases made as they are written,
 * counts from a first pass): it gives the same bytes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { baselineFromResult, compareWithBaseline } from '../../../src/matrix/gate.js';
import type { CellResult, MatrixResult } from '../../../src/matrix/result.js';
import { buildJunitView, junitViewStream } from '../../../src/reports/junit-view.js';
import { junitXmlChunks } from '../../../src/reports/junit-xml.js';
import { renderTemplate } from '../../../src/reports/render.js';
import { BUILTIN_TEMPLATES_DIR } from '../../../src/reports/templates.js';
import { loadMatrixSmall } from './fixture.js';

const TEMPLATE = join(BUILTIN_TEMPLATES_DIR, 'junit.xml.hbs');
const viaTemplate = (view: ReturnType<typeof buildJunitView>): Promise<string> => renderTemplate(readFileSync(TEMPLATE, 'utf8'), view, TEMPLATE);
const direct = (view: ReturnType<typeof buildJunitView>): string => [...junitXmlChunks(view)].join('');

const result = loadMatrixSmall();
const HOSTILE = `<x a="1" b='2'>&amp; \`=\u0001\ud800 ]]>`;
/** Every cell's texts made hostile, one cell worse than the baseline. */
const hostile: MatrixResult = {
  ...result,
  profiles: [...result.profiles, { id: `p${HOSTILE}`, title: 'hostile' }],
  cells: result.cells.map((c, i): CellResult => ({
    ...c,
    ...(i === 0 ? { profile: `p${HOSTILE}` } : {}),
    explanation: `${c.explanation} ${HOSTILE}`,
    ...(i % 3 === 0 ? { outcome: 'rejected' } : {}),
    durationMs: i * 1.2345,
  })),
};

describe('junit.xml without Handlebars', () => {
  it('is what the built-in template renders, with no baseline', async () => {
    const view = buildJunitView(result);
    expect(view.suites.flatMap((s) => s.cases).some((c) => c.skipped)).toBe(true);
    expect(direct(view)).toBe(await viaTemplate(view));
  });

  it('is what the built-in template renders with failures, skips, an expired entry and hostile text', async () => {
    const gate = compareWithBaseline(hostile, baselineFromResult(result), { entries: [{ cell: 'old|*', reason: `gone ${HOSTILE}`, expires: '2026-01-01' }] }, '2026-11-24');
    const view = buildJunitView(hostile, gate);
    const cases = view.suites.flatMap((s) => s.cases);
    expect(cases.some((c) => c.failure && c.status === 'expired')).toBe(true);
    expect(cases.some((c) => c.failure && c.status !== 'expired')).toBe(true);
    expect(cases.some((c) => c.systemOut.includes('<x a='))).toBe(true);
    expect(direct(view)).toBe(await viaTemplate(view));
  });

  it('is the same from the streamed view (cases made while writing) as from the materialised one', async () => {
    const gate = compareWithBaseline(hostile, baselineFromResult(result), { entries: [{ cell: 'old|*', reason: `gone ${HOSTILE}`, expires: '2026-01-01' }] }, '2026-11-24');
    for (const [r, g] of [[result, undefined], [hostile, gate]] as const) {
      const view = buildJunitView(r, g);
      const streamed = [...junitXmlChunks(junitViewStream(r, g))].join('');
      expect(view.failures + view.skipped).toBeGreaterThan(0);
      expect(streamed).toBe(direct(view));
      expect(streamed).toBe(await viaTemplate(view));
    }
  });
});
