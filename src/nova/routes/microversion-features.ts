/**
 * Microversion switches of the non-live-migration APIs the emulator also answers (servers,
 * os-services, os-hypervisors), as data resolved by one function — the live-migration
 * switches live in `../bands.ts`. Pure.
 */
import { MIN_MICROVERSION, atLeast, compareMicroversions, mv, type Microversion } from '../../microversion/version.js';

interface FeatureSwitch {
  readonly since: Microversion;
  readonly until: Microversion | null;
}

const f = (since: string, until?: string): FeatureSwitch => ({ since: mv(since), until: until === undefined ? null : mv(until) });

/** Source: `rest_api_version_history.rst`, `servers.py`, `services.py`, `hypervisors.py`. */
export const API_FEATURES = Object.freeze({
  /** 2.9: `locked` in server views. */
  serverLocked: f('2.9'),
  /** 2.11: `forced_down` in os-services. */
  serviceForcedDown: f('2.11'),
  /** 2.53: os-services and os-hypervisors ids are UUIDs. */
  uuidIds: f('2.53'),
  /** Until 2.87: the resource counters in hypervisor details. */
  hypervisorCounters: f('2.1', '2.87'),
  /** Until 2.27: hypervisor `cpu_info` as a JSON string. */
  cpuInfoString: f('2.1', '2.27'),
  /** 2.88: hypervisor `uptime` in details. */
  hypervisorUptime: f('2.88'),
});

export type ApiFeature = keyof typeof API_FEATURES;

/**
 * Whether `feature` is on at `version`. The legacy `/v2` endpoint runs at 2.1 (its version
 * headers are deleted), so `is_supported(req, max_version=...)` checks still pass there.
 */
export function featureOn(feature: ApiFeature, version: Microversion, legacyV2 = false): boolean {
  const s = API_FEATURES[feature];
  if (legacyV2) version = MIN_MICROVERSION;
  return atLeast(version, s.since) && (s.until === null || compareMicroversions(version, s.until) <= 0);
}
