/**
 * The build precompiles the shipped templates (scripts/build-templates.mjs) and the reports run
 * those specs on Handlebars' runtime: each must render what compiling its text renders, and a
 * text that differs from the shipped one (a `--templates` file) must find no spec.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { diffResults } from '../../../src/findings/diff.js';
import { buildDiffView } from '../../../src/reports/findings-view.js';
import { createHandlebarsEnv, TEMPLATE_COMPILE_OPTIONS } from '../../../src/reports/handlebars-env.js';
import { buildJunitView } from '../../../src/reports/junit-view.js';
import { buildSummaryView } from '../../../src/reports/summary-view.js';
import { BUILTIN_TEMPLATES_DIR } from '../../../src/reports/templates.js';
import { buildReportView } from '../../../src/reports/view-model.js';
import { loadMatrixSmall } from './fixture.js';

const DIST = new URL('../../../dist/reports/precompiled-templates.js', import.meta.url);
const built = existsSync(fileURLToPath(DIST));

const result = loadMatrixSmall();
const view = buildReportView(result);
/** The fixture with every fifth cell's outcome changed, so the diff has findings to show. */
const after = { ...result, cells: result.cells.map((c, i) => (i % 5 === 0 ? { ...c, outcome: c.outcome === 'pass' ? ('rejected' as const) : ('pass' as const) } : c)) };
const CONTEXTS: Readonly<Record<string, unknown>> = {
  'matrix.md.hbs': { ...view, gate: null },
  'matrix.html.hbs': { ...view, gate: null, data: { evidence: [] } },
  'junit.xml.hbs': buildJunitView(result),
  'summary.md.hbs': buildSummaryView(view, null),
  'diff.md.hbs': buildDiffView(diffResults({ result, label: 'before' }, { result: after, label: 'after' })),
};

describe.runIf(built || process.env.CI === 'true')('the build precompiles every shipped template', () => {
  const names = readdirSync(BUILTIN_TEMPLATES_DIR).filter((name) => name.endsWith('.hbs'));

  it('has a context here for every shipped template', () => {
    expect(names.sort()).toEqual(Object.keys(CONTEXTS).sort());
  });

  it.each(names)('%s: the precompiled spec renders what compiling the text renders', async (name) => {
    const dist = (await import(DIST.href)) as typeof import('../../../src/reports/precompiled-templates.js');
    expect(dist.PRECOMPILED).toBe(true);
    const source = readFileSync(join(BUILTIN_TEMPLATES_DIR, name), 'utf8');
    const spec = dist.precompiledTemplate(source);
    expect(spec).toBeDefined();
    expect(dist.precompiledTemplate(`${source} `)).toBeUndefined();
    const compiled = createHandlebarsEnv((await import('handlebars')).default).compile(source, TEMPLATE_COMPILE_OPTIONS)(CONTEXTS[name]);
    expect(createHandlebarsEnv().template(spec!)(CONTEXTS[name])).toBe(compiled);
    expect(compiled.length).toBeGreaterThan(200);
  });
});
