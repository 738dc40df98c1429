import { describe, expect, it } from 'vitest';
import { allowedBy, parseAllowList, type CaseFacts } from '../../../src/conformance/allowlist.js';
import type { ConformanceCase } from '../../../src/conformance/corpus/case.js';
import { compareAnswers, type Answer } from '../../../src/conformance/compare.js';
import { summaryFileName } from '../../../src/conformance/report-files.js';
import { renderConformanceReport, type ReleaseSummary } from '../../../src/conformance/report.js';

const TALLY = { cases: 2, agree: 2, allowed: 0, unlisted: 0 };

function summary(extra: Partial<ReleaseSummary>): ReleaseSummary {
  return {
    release: 'zed',
    maxMicroversion: '2.93',
    realDescription: 'real Nova 26.2.2',
    emulatorDescription: 'emulator',
    total: TALLY,
    bands: { '2.34–2.67': TALLY },
    statuses: { '202': TALLY },
    groups: { stateful: TALLY },
    allowListed: [],
    unlisted: [],
    ...extra,
  };
}

describe('the full control plane in reports/conformance.md', () => {
  it('keeps a release\'s full-mode summary beside its API-only one', () => {
    expect(summaryFileName({ release: 'zed' })).toBe('zed.json');
    expect(summaryFileName({ release: 'zed', mode: 'full' })).toBe('zed-full.json');
  });

  it('titles each section with its mode and shows scenarios, produced records and matrix verdicts per outcome class', () => {
    const text = renderConformanceReport([
      summary({}),
      summary({ mode: 'full', scenarios: { 'local-default-auto': TALLY }, records: { completed: 3, error: 1 }, verdicts: { pass: { cells: 4, agree: 4 }, rejected: { cells: 2, agree: 1 } } }),
    ]);
    expect(text).toContain('## Zed (max 2.93), API only');
    expect(text).toContain('## Zed (max 2.93), full control plane');
    expect(text).toContain('| local-default-auto | 2 | 2 | 0 | 0 | 100.0% |');
    expect(text).toContain('Live-migration records the real control plane produced: completed 3, error 1.');
    expect(text).toContain('| rejected | 2 | 1 | 50.0% |');
    expect(text).toContain('| all | 6 | 5 | 83.3% |');
    expect(text).not.toContain('Client profiles:');
    // The overview row of the full mode carries the matrix verdicts over every class.
    expect(text).toMatch(/\| Zed \| 2\.93 \| full control plane \| real Nova 26\.2\.2 \| 2 \| 2 \| 0 \| 0 \| 100\.0% \| 5 \/ 6 same verdict \|/);
  });

  it('names the client profiles of the matrix verdicts when they are a subset', () => {
    const text = renderConformanceReport([summary({ mode: 'full', verdicts: { pass: { cells: 2, agree: 2 } }, verdictProfiles: ['horizon@27.0.0', 'novaclient@18.13.1'] })]);
    expect(text).toContain("Client profiles: `horizon@27.0.0`, `novaclient@18.13.1` (the matrix's scenarios for these profiles only).");
  });

  it('says plainly when a release cannot run the full control plane', () => {
    const text = renderConformanceReport([summary({ mode: 'full', fullUnavailable: 'cannot import nova.tests.functional.libvirt.base: ModuleNotFoundError' })]);
    expect(text).toContain('full control plane unavailable: API only');
    expect(text).toContain('**The full control plane cannot run on this release**: cannot import nova.tests.functional.libvirt.base');
  });
});

describe('allow-list entries of one harness mode', () => {
  const list = parseAllowList(
    [
      'version: 1',
      'entries:',
      '  - id: no-conductor',
      '    releases: [zed]',
      '    reason: the API-only harness runs no conductor',
      '    realStatus: 500',
      '    mode: api-only',
    ].join('\n'),
    'allow.yaml',
  );
  const c = { id: 'c1', group: 'state', method: 'POST', path: '/', headers: {}, caller: 'admin', summary: 's', requested: '2.30' } as ConformanceCase;
  const facts = (mode?: 'api-only' | 'full'): CaseFacts => ({ case: c, release: 'zed', realStatus: 500, emulatorStatus: 202, realMessage: 'x', emulatorMessage: '', ...(mode ? { mode } : {}) });
  const differences = [{ aspect: 'status' as const, real: '500', emulator: '202' }];

  it('apply to that mode only (API only by default)', () => {
    expect(allowedBy(list, facts(), differences)).toBe('no-conductor');
    expect(allowedBy(list, facts('api-only'), differences)).toBe('no-conductor');
    expect(allowedBy(list, facts('full'), differences)).toBeUndefined();
  });

  it('reject an unknown mode with the entry named', () => {
    expect(() => parseAllowList('version: 1\nentries:\n  - id: x\n    releases: [zed]\n    reason: a long enough reason\n    mode: both\n', 'allow.yaml')).toThrow(/mode must be one of api-only, full \(got "both"\)/);
  });
});

describe('comparing fault texts that carry another service\'s exception', () => {
  const c = { id: 'c1', group: 'stateful', method: 'POST', path: '/', headers: {}, caller: 'admin', summary: 's', requested: '2.30' } as ConformanceCase;
  const answer = (message: string): Answer => ({
    status: 400,
    headers: [['content-type', 'application/json; charset=UTF-8']],
    body: JSON.stringify({ badRequest: { code: 400, message } }),
    serverId: undefined,
    baseUrl: 'http://x/',
  });
  const wrapped = 'Migration pre-check error: Error while check_can_live_migrate_source from compute-03 to host compute-02: InvalidSharedStorage_Remote compute-03 is not on shared storage';

  it('leave out the remote traceback, and still see a different message', () => {
    const real = answer(`${wrapped}\nTraceback (most recent call last):\n\n  File "/usr/lib/python3/dist-packages/nova/compute/manager.py", line 9444\n`);
    expect(compareAnswers(c, real, answer(wrapped))).toEqual([]);
    expect(compareAnswers(c, real, answer(wrapped.replace('_Remote', '')))).toHaveLength(1);
  });
});
