/**
 * Pact's verifier is another process, so a source must listen on a URL it can reach. Handing
 * `verifyAgainstSources` the emulator in-process (what `run` uses) used to "verify" every
 * interaction as failed — bench:pact did, for a while, and timed the failures. It is now refused
 * up front, naming the source.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/errors.js';
import { generatePacts } from '../../src/pact/generate.js';
import { parsePactFile } from '../../src/pact/pact-file.js';
import { verifyAgainstSources } from '../../src/pact/verify.js';
import { openProvider } from '../../src/run/open-provider.js';

describe('a verification source without a network address', () => {
  it('is refused before Pact runs, naming the source and how to open it over HTTP', { timeout: 180_000 }, async () => {
    const pactDir = join(mkdtempSync(join(tmpdir(), 'mvm-pact-unreachable-')), 'pacts');
    await generatePacts({ matrixPath: 'test/fixtures/pact/contract-small.yaml', outDir: pactDir, baseline: null, allowlist: { entries: [] } });
    const files = readdirSync(pactDir).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    const pacts = files.map((f) => parsePactFile(readFileSync(join(pactDir, f), 'utf8'), join(pactDir, f)));
    await using inProcess = await openProvider({ kind: 'emulator' });
    const verifying = verifyAgainstSources({ pacts, sources: [{ id: 'emulator', kind: 'emulator', label: 'the embedded emulator', provider: inProcess }], jobs: 1, timeoutMs: 30_000, knownDifferences: [] });
    await expect(verifying).rejects.toMatchObject({ code: ERROR_CODES.PROVIDER, message: expect.stringContaining("source emulator has no network address Pact's verifier can reach") });
  });
});
