import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { interpretMigrateLive } from '../../../src/nova/live-migration.js';
import { parseJsonLikePython } from '../../../src/nova/python-repr.js';
import { mv } from '../../../src/microversion/version.js';

interface NovaCase {
  body: string;
  version: string;
  legacyV2?: boolean;
  nova:
    | { status: 400; message: string; stage: 'schema' | 'controller' }
    | { status: 202; block_migration: boolean | null; disk_over_commit: boolean | null; host: string | null; force: boolean | null; async: boolean };
}

const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/migrate-live-validation-from-nova-26.2.2.json', import.meta.url), 'utf8'),
) as { cases: NovaCase[] };

function label(c: NovaCase): string {
  return `${c.legacyV2 ? '/v2' : c.version} ${c.body.length > 120 ? `${c.body.slice(0, 120)}…` : c.body}`;
}

describe('interpretMigrateLive agrees with Nova 26.2.2 run on the same body and microversion', () => {
  it('the fixture holds a few thousand cases from the real controller', () => {
    expect(fixture.cases.length).toBeGreaterThan(3000);
  });

  it.each(fixture.cases.map((c) => [label(c), c] as const))('%s', (_name, c) => {
    const parsed = parseJsonLikePython(c.body);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const result = interpretMigrateLive(parsed.value, mv(c.version), { legacyV2: c.legacyV2 === true });
    const nova = c.nova;
    if (nova.status === 400 && nova.stage === 'schema') {
      expect(result).toEqual({ ok: false, fault: { status: 400, message: nova.message } });
      return;
    }
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const a = result.action;
    if (nova.status === 400) {
      // The controller's force-without-host 400: the action carries it for decideLiveMigration.
      expect(nova.message).toBe("Can't force to a non-provided destination");
      expect([a.force, a.host]).toEqual([true, null]);
      return;
    }
    expect(a.blockMigration === 'auto' ? null : a.blockMigration).toBe(nova.block_migration);
    expect(a.diskOverCommit).toBe(nova.disk_over_commit);
    expect(a.host).toBe(nova.host);
    // Nova passes force=False at 2.68+ (key absent); the action models it as "no force concept".
    expect(a.force ?? (mv(c.version).minor >= 68 && !c.legacyV2 ? false : null)).toBe(nova.force);
    expect(a.asyncPreChecks).toBe(nova.async);
  });
});
