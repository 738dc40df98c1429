import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');
type Step = { uses?: string; run?: string; if?: string; with?: Record<string, unknown>; env?: Record<string, string> };

describe('CI workflow', () => {
  const ci = parse(read('.github/workflows/ci.yml')) as { on: Record<string, unknown>; jobs: { test: { strategy: { matrix: { node: string[] } }; steps: Step[] } } };
  const steps = ci.jobs.test.steps;

  it('runs on pull requests and pushes, on Node 20, 22 and 24', () => {
    expect(Object.keys(ci.on)).toEqual(expect.arrayContaining(['pull_request', 'push']));
    expect(ci.jobs.test.strategy.matrix.node).toEqual(['20', '22', '24']);
  });

  it('installs the Debian packages, runs npm ci and npm test, then the gated matrix run', () => {
    const runs = steps.map((s) => s.run ?? '').join('\n');
    const order = ['install-debian-packages.sh', 'npm ci', 'npm test', 'node bin/mvmatrix.js run'].map((needle) => runs.indexOf(needle));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(runs).toContain('--baseline matrix/baseline.json --allowlist matrix/allowlist.yaml');
    expect(runs).toContain('libxml2-utils');
  });

  it('uploads the reports even when the gate fails', () => {
    const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact'));
    expect(upload?.if).toMatch(/^always\(\)/);
    expect(upload?.with?.path).toBe('reports/');
  });
});

describe('docs workflow', () => {
  const docs = parse(read('.github/workflows/docs.yml')) as { on: { push: { branches: string[] } }; permissions: Record<string, string>; jobs: Record<string, { steps: Step[] }> };

  it('publishes matrix.html as index.html, matrix.md and the first-screen screenshots to GitHub Pages from main', () => {
    expect(docs.on.push.branches).toEqual(['main']);
    expect(docs.permissions).toMatchObject({ pages: 'write', 'id-token': 'write' });
    const build = docs.jobs.build!.steps;
    const runs = build.map((s) => s.run ?? '').join('\n');
    expect(runs).toContain('cp reports/matrix.html site/index.html');
    expect(runs).toContain('cp reports/matrix.md site/matrix.md');
    expect(runs).toContain('node .github/scripts/screenshot-report.mjs reports/matrix.html site/screenshots');
    expect(build.some((s) => s.uses?.startsWith('actions/upload-pages-artifact'))).toBe(true);
    expect(docs.jobs.deploy!.steps.some((s) => s.uses?.startsWith('actions/deploy-pages'))).toBe(true);
  });
});

describe('composite action', () => {
  const text = read('.github/actions/mvmatrix/action.yml');
  const action = parse(text) as { inputs: Record<string, unknown>; runs: { using: string; steps: Step[] } };

  it('takes the documented inputs and is a composite action', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['matrix', 'provider', 'target-url', 'token', 'baseline', 'node-version']));
  });

  it('never splices an input into a shell script (inputs go through env)', () => {
    for (const step of action.runs.steps) expect(step.run ?? '').not.toMatch(/\$\{\{/);
  });

  it('runs mvmatrix with --baseline and uploads the reports whatever the verdict', () => {
    // The run step's script is gate-client-change.sh beside action.yml.
    const script = [...action.runs.steps.map((s) => s.run ?? ''), read('.github/actions/mvmatrix/gate-client-change.sh')].join('\n');
    expect(script).toContain('mvm "${args[@]}"');
    expect(script).toContain('baseline="${MVM_BASELINE:-}"');
    expect(script).toContain('args+=(--baseline "$baseline")');
    const upload = action.runs.steps.find((s) => s.uses?.startsWith('actions/upload-artifact'));
    expect(upload?.if).toMatch(/^always\(\)/);
  });
});
