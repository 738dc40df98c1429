/**
 * The runner's remembered builds (`src/run/remembered-builds.ts`) answer exactly what the
 * builders answer. They are keyed by each profile's `rangeKey` — what its build reads of the
 * discovered range — so the proof that matters is that a range key never merges two ranges a
 * build tells apart: for every profile, intent and range here, equal keys give equal builds.
 */
import { describe, expect, it } from 'vitest';
import { buildLiveMigration, discoverVersionRange, getProfile, listProfiles, type ClientProfile, type DiscoveredRange, type LiveMigrationIntent } from '../../../src/clients/index.js';
import { mv } from '../../../src/microversion/version.js';
import { rememberedBuilds } from '../../../src/run/remembered-builds.js';
import { prepareMatrix } from '../../../src/run/execute.js';
import { DEFAULT_DESTINATIONS, intentFor } from '../../../src/matrix/intent.js';
import { startInProcessEmulatorProvider } from '../../../src/providers/emulator/in-process-provider.js';
import type { HttpGet } from '../../../src/clients/types.js';

const SERVER = '11111111-2222-4333-8444-555555555555';

/** Every profile listed, and pinned variants of the clients that take a pin (both OSC engines). */
function profiles(): ClientProfile[] {
  const pinned = ['novaclient@17.2.1+mv2.25', 'novaclient+mv2.30', 'novaclient+mv2.68', 'openstackclient+mv2.1', 'openstackclient+mv2.30', 'openstackclient+mv2.53', 'openstackclient@5.4.0+mv2.30'];
  return [...listProfiles().map((p) => getProfile(p.id)), ...pinned.flatMap((id) => {
    try {
      return [getProfile(id)];
    } catch {
      return []; // a release this Debian table no longer has
    }
  })];
}

/**
 * Ranges the clients can discover: from 2.1 (and 2.0) every maximum up to 2.110; odd minimums
 * with the maximums around the bands' edges; and no range at all.
 */
function ranges(): DiscoveredRange[] {
  const out: DiscoveredRange[] = [];
  const edges = [24, 25, 26, 29, 30, 31, 67, 68, 69, 72, 73, 96, 100, 104, 110];
  for (const min of ['2.0', '2.1', '2.25', '2.26', '2.30', '2.31', '2.68', '2.69']) {
    const from = mv(min).minor;
    const maxima = from <= 1 ? Array.from({ length: 111 - from }, (_, k) => from + k) : [from, ...edges.filter((m) => m > from)];
    for (const minor of maxima) out.push({ kind: 'range', min: mv(min), max: mv(`2.${minor}`) });
  }
  out.push({ kind: 'none', reason: 'this client does not discover the server version range' });
  out.push({ kind: 'none', reason: 'GET http://nova/v2.1 answered 401 (novaclient then assumes no microversions)' });
  out.push({ kind: 'none', reason: 'keystoneauth found no version document at http://nova/v2.1 (DiscoveryFailure)', discoveryFailedAt: 'http://nova/v2.1' });
  out.push({ kind: 'none', reason: 'keystoneauth found no version document at http://other/v2.1 (DiscoveryFailure)', discoveryFailedAt: 'http://other/v2.1' });
  return out;
}

/** Every combination of the options a user can set. */
function intents(): LiveMigrationIntent[] {
  const out: LiveMigrationIntent[] = [];
  for (const host of [null, 'compute-02'])
    for (const blockMigration of [true, false, 'auto', 'default'] as const)
      for (const diskOverCommit of [true, false, 'default'] as const)
        for (const force of [undefined, true, false]) out.push({ host, blockMigration, diskOverCommit, ...(force === undefined ? {} : { force }) });
  return out;
}

describe('profile range keys', () => {
  it('never merge two ranges a build tells apart', () => {
    const all = ranges();
    let keyed = 0;
    for (const profile of profiles()) {
      if (!profile.rangeKey) continue;
      keyed++;
      const byKey = new Map<string, DiscoveredRange[]>();
      for (const range of all) {
        const key = profile.rangeKey(range);
        byKey.set(key, [...(byKey.get(key) ?? []), range]);
      }
      for (const intent of intents()) {
        for (const [key, group] of byKey) {
          const first = JSON.stringify(buildLiveMigration(profile, intent, group[0]!, SERVER));
          for (const range of group.slice(1)) {
            const built = JSON.stringify(buildLiveMigration(profile, intent, range, SERVER));
            if (built !== first) expect.fail(`${profile.id} key ${JSON.stringify(key)}: ${JSON.stringify(group[0])} and ${JSON.stringify(range)} build differently for ${JSON.stringify(intent)}`);
          }
        }
      }
    }
    expect(keyed).toBeGreaterThan(10);
  });
});

describe('rememberedBuilds', () => {
  it("gives what the builder gives for every profile × intent × discovered range of the default matrix", async () => {
    const { expanded } = await prepareMatrix('matrix/default.yaml');
    const provider = await startInProcessEmulatorProvider();
    try {
      const get: HttpGet = async (url) => {
        const r = await provider.transport.send({ method: 'GET', url, headers: { accept: 'application/json' } });
        return { status: r.status, body: r.body };
      };
      const remembered = rememberedBuilds(buildLiveMigration);
      const scenarioIntents = expanded.definition.scenarios.map((s) => intentFor(s, DEFAULT_DESTINATIONS));
      let checked = 0;
      for (const id of expanded.profiles) {
        const profile = getProfile(id);
        for (const target of expanded.targets) {
          const { computeUrl } = await provider.endpointFor(target);
          const discovered = await discoverVersionRange(profile, computeUrl, get);
          for (const intent of scenarioIntents) {
            // Twice, with two server ids: the first remembers, the second is answered from memory.
            for (const server of [SERVER, `${target.id}-server`]) {
              expect(remembered(profile, intent, discovered, server)).toEqual(buildLiveMigration(profile, intent, discovered, server));
              checked++;
            }
          }
        }
      }
      expect(checked).toBe(2 * expanded.cells.length);
    } finally {
      await provider[Symbol.asyncDispose]();
    }
  });
});
