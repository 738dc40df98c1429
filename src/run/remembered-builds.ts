/**
 * The request builders remembered for a run: a matrix asks each profile the same question for
 * many targets and cells, and the builders are pure (`src/clients/`).
 */
import type { BuildResult, ClientProfile, DiscoveredRange } from '../clients/types.js';
import { deepFreeze } from '../util/deep-freeze.js';
import type { ClientsApi } from './run.js';

/** Stands for the cell's server id in a remembered build; replaced in the path when handed out. */
const SERVER_SLOT = '5e7e7e7e-5e7e-4e7e-8e7e-5e7e7e7e7e7e';

/**
 * `build`, remembered per profile, intent and what the profile reads of the discovered range
 * (its `rangeKey`, else the whole range): the builders are pure, and a matrix asks the same
 * question for every target whose range the client sees alike and for the runner's probe and
 * send alike. `build` must be the profiles' own builder (`buildLiveMigration`), whose answers
 * the range keys speak for. The server id only ever lands in the path (checked once per entry;
 * a build that uses it elsewhere is not remembered).
 */
export function rememberedBuilds(build: ClientsApi['buildLiveMigration']): ClientsApi['buildLiveMigration'] {
  /** Builds by intent (as JSON) for one profile and one thing it reads of a range. */
  type Builds = Map<string, BuildResult | null>;
  const intentKeys = new WeakMap<object, string>();
  const rangeKeys = new WeakMap<object, string>();
  const textOf = (keys: WeakMap<object, string>, value: object): string => {
    let text = keys.get(value);
    if (text === undefined) keys.set(value, (text = JSON.stringify(value)));
    return text;
  };
  // By `${profile id}\0${range key}`; each discovered range object finds its entry once per profile.
  const byKey = new Map<string, Builds>();
  const byRange = new WeakMap<object, Map<string, Builds>>();
  const buildsFor = (profile: ClientProfile, discovered: DiscoveredRange): Builds => {
    let perProfile = byRange.get(discovered);
    if (!perProfile) byRange.set(discovered, (perProfile = new Map()));
    let builds = perProfile.get(profile.id);
    if (!builds) {
      const range = profile.rangeKey ? `key ${profile.rangeKey(discovered)}` : textOf(rangeKeys, discovered);
      const key = `${profile.id}\u0000${range}`;
      builds = byKey.get(key);
      if (!builds) byKey.set(key, (builds = new Map()));
      perProfile.set(profile.id, builds);
    }
    return builds;
  };
  // The objects themselves are the fast key: intent, then discovered range, then profile id.
  const byObjects = new WeakMap<object, WeakMap<object, Map<string, BuildResult | null>>>();
  return (profile, intent, discovered, serverId) => {
    let perRange = byObjects.get(intent);
    if (!perRange) byObjects.set(intent, (perRange = new WeakMap()));
    let perProfile = perRange.get(discovered);
    if (!perProfile) perRange.set(discovered, (perProfile = new Map()));
    let built = perProfile.get(profile.id);
    if (built === undefined) {
      const builds = buildsFor(profile, discovered);
      const intentText = textOf(intentKeys, intent);
      built = builds.get(intentText);
      if (built === undefined) {
        const fresh = build(profile, intent, discovered, SERVER_SLOT);
        const json = JSON.stringify(fresh);
        const inPath = fresh.kind === 'request' && fresh.request.path.split(SERVER_SLOT).length === 2;
        // Frozen: every cell shares it (and the classifier's schema verdict on its body is remembered).
        built = json.split(SERVER_SLOT).length - 1 === (inPath ? 1 : 0) ? deepFreeze(fresh) : null;
        builds.set(intentText, built);
      }
      perProfile.set(profile.id, built);
    }
    if (built === null) return build(profile, intent, discovered, serverId);
    if (built.kind === 'refused') return built;
    return { ...built, request: { ...built.request, path: built.request.path.replace(SERVER_SLOT, serverId) } };
  };
}
