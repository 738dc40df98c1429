/**
 * Captured proof: what the real clients of one Debian suite did for every proof case, with the
 * exact package versions and what was run, in `fixtures/<suite>.json`. Written by
 * `npm run capture:clients` (scripts/capture-clients.sh); replayed by the proof on every run.
 * Results are stored by case position (distinct outcomes once, then one index per case).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../../../src/fs/atomic-write.js';
import type { DebianSuite } from '../../../src/clients/index.js';
import type { ProofClient } from './proof-cases.js';

/** One request as the proof compares it, or a refusal. */
export type ObservedCall =
  | { readonly method: string; readonly path: string; readonly headers: Readonly<Record<string, string>>; readonly body: unknown; readonly warnings?: readonly string[] }
  | { readonly refused: string }
  /** Anything else (an exception after sending, no or several requests) is a failure to look at. */
  | { readonly unexpected: string };

export interface ClientFixture {
  readonly release: string;
  readonly cases: number;
  /** sha256 of the case keys in order (proof-cases.ts `keysDigest`). */
  readonly keysSha256: string;
  readonly outcomes: readonly ObservedCall[];
  /** For case i, `outcomes[results[i]]`. */
  readonly results: readonly number[];
}

export interface SuiteFixture {
  readonly suite: DebianSuite;
  readonly capturedAt: string;
  /** How to capture it again. */
  readonly command: string;
  /** What ran the clients. */
  readonly ran: string;
  /** Debian package versions (dpkg-query) in that suite. */
  readonly packages: Readonly<Record<string, string>>;
  /** What the driver imported (Python distribution versions). */
  readonly installed: Readonly<Record<string, string | null>>;
  readonly clients: Readonly<Partial<Record<ProofClient, ClientFixture>>>;
}

export const CAPTURE_COMMAND = 'npm run capture:clients';

export function fixturePath(suite: DebianSuite): string {
  return fileURLToPath(new URL(`./fixtures/${suite}.json`, import.meta.url));
}

export function readFixture(suite: DebianSuite): SuiteFixture | undefined {
  const path = fixturePath(suite);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as SuiteFixture) : undefined;
}

/** Stores `observed` (one per case, in case order) compactly. */
export function encodeResults(release: string, keysSha256: string, observed: readonly ObservedCall[]): ClientFixture {
  const outcomes: ObservedCall[] = [];
  const index = new Map<string, number>();
  const results = observed.map((o) => {
    const key = JSON.stringify(o);
    let i = index.get(key);
    if (i === undefined) {
      i = outcomes.length;
      outcomes.push(o);
      index.set(key, i);
    }
    return i;
  });
  return { release, cases: observed.length, keysSha256, outcomes, results };
}

export function decodeResults(fixture: ClientFixture): ObservedCall[] {
  return fixture.results.map((i) => fixture.outcomes[i] as ObservedCall);
}

/** Writes the fixture: one outcome per line, the result indices on one line (diffs stay readable). */
export async function writeFixture(fixture: SuiteFixture): Promise<void> {
  const clients = Object.entries(fixture.clients).map(([name, c]) => {
    const outcomes = c.outcomes.map((o) => `      ${JSON.stringify(o)}`).join(',\n');
    return `    ${JSON.stringify(name)}: {\n      "release": ${JSON.stringify(c.release)}, "cases": ${c.cases}, "keysSha256": ${JSON.stringify(c.keysSha256)},\n      "outcomes": [\n${outcomes}\n      ],\n      "results": ${JSON.stringify(c.results)}\n    }`;
  });
  const head = { suite: fixture.suite, capturedAt: fixture.capturedAt, command: fixture.command, ran: fixture.ran, packages: fixture.packages, installed: fixture.installed };
  const text = `${JSON.stringify(head, null, 2).slice(0, -2)},\n  "clients": {\n${clients.join(',\n')}\n  }\n}\n`;
  JSON.parse(text); // never write a file the replay cannot read
  await writeFileAtomic(fixturePath(fixture.suite), text);
}
