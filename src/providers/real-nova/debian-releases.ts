/**
 * The real Novas Debian ships, and what the harness must do differently for each: data keyed
 * by Debian suite and by Nova version range, resolved by one function each. Pure.
 *
 * Facts: /work/shared/reference/debian-openstack.md (suites, versions, per-release differences).
 */
import { ERROR_CODES, MvmError } from '../../errors.js';
import { findRelease, firstReleaseSupporting, getRelease, type NovaRelease } from '../../microversion/releases.js';
import { formatMicroversion } from '../../microversion/version.js';

/** A Debian suite that ships python3-nova. */
export interface DebianNova {
  /** `bookworm`. */
  readonly suite: string;
  /** The Nova release its python3-nova is. */
  readonly release: NovaRelease;
  /** Upstream version measured when the table was written (the image records what it got). */
  readonly expectedNovaVersion: string;
  /** apt suites of the image's sources.list (stable releases take their point and security updates). */
  readonly aptSuites: readonly string[];
}

/** `point`: `<suite>-updates` too; `security`: `<suite>-security` too. */
type SuiteRow = [suite: string, release: string, version: string, archives: readonly ('point' | 'security')[]];

const SUITE_ROWS: readonly SuiteRow[] = [
  // bullseye-security (now LTS) lists python3-nova 22.4.0-1~deb11u7 but its pool answers 404 on
  // Debian's mirror here: the suite and its point releases only (22.0.1-2+deb11u1).
  ['bullseye', 'victoria', '22.0.1', ['point']],
  ['bookworm', 'zed', '26.2.2', ['point', 'security']],
  ['trixie', 'epoxy', '31.0.0', ['point', 'security']],
  ['forky', 'gazpacho', '33.0.2', []],
  ['sid', 'hibiscus', '34.0.0', []],
];

/** Every Debian suite with a real Nova, oldest first. */
export const DEBIAN_NOVAS: readonly DebianNova[] = Object.freeze(
  SUITE_ROWS.map(([suite, release, version, archives]): DebianNova =>
    Object.freeze({
      suite,
      release: getRelease(release),
      expectedNovaVersion: version,
      aptSuites: [suite, ...(archives.includes('point') ? [`${suite}-updates`] : []), ...(archives.includes('security') ? [`${suite}-security`] : [])],
    }),
  ),
);

/** `hibiscus`, `2026.2` or `sid` → that suite's entry; a coded error listing the choices otherwise. */
export function findDebianNova(nameOrSuite: string, where?: string): DebianNova {
  const key = nameOrSuite.trim().toLowerCase();
  const byRelease = findRelease(key);
  const found = DEBIAN_NOVAS.find((d) => d.suite === key || d.release === byRelease);
  if (!found) {
    throw new MvmError(ERROR_CODES.UNKNOWN_RELEASE, `no real Nova of '${nameOrSuite}': Debian ships python3-nova for ${describeChoices()}`, {
      ...(where === undefined ? {} : { where }),
      hint: 'name one of those releases (or its Debian suite), or `all`; other releases exist only in the emulator',
    });
  }
  return found;
}

/** `all` → every suite; otherwise a comma-separated list of releases or suites, in table order. */
export function selectDebianNovas(spec: string, where?: string): DebianNova[] {
  if (spec.trim().toLowerCase() === 'all') return [...DEBIAN_NOVAS];
  const chosen = new Set(spec.split(',').filter((s) => s.trim() !== '').map((s) => findDebianNova(s, where)));
  if (chosen.size === 0) throw new MvmError(ERROR_CODES.USAGE, 'no release given', { ...(where === undefined ? {} : { where }), hint: `use all or one of ${describeChoices()}` });
  return DEBIAN_NOVAS.filter((d) => chosen.has(d));
}

function describeChoices(): string {
  return DEBIAN_NOVAS.map((d) => `${d.release.name} (${d.suite}, ${d.expectedNovaVersion}, max ${formatMicroversion(d.release.maxMicroversion)})`).join(', ');
}

/**
 * The target ids with exactly `release`'s behaviour and range, which its real Nova serves: the
 * release itself and, when `release` is the first to reach its maximum, `mv-<max>`.
 */
export function targetIdsServedBy(release: NovaRelease): string[] {
  const max = formatMicroversion(release.maxMicroversion);
  return firstReleaseSupporting(release.maxMicroversion) === release ? [release.name, `mv-${max}`] : [release.name];
}

/** `deb <mirror> <suite> main` lines; `-security` suites come from the security mirror. */
export function aptSourceLines(nova: DebianNova, mirror: string, securityMirror: string): string[] {
  return nova.aptSuites.map((s) => `deb ${s.endsWith('-security') ? securityMirror : mirror} ${s} main`);
}

/**
 * What the harness does differently by release (`harness.json`, read by nova_harness.py).
 * Keys are Nova's words; snake_case because Python reads them.
 */
export interface HarnessProfile {
  readonly release: string;
  readonly max_microversion: string;
  /** `noauth2`: Nova's own filter; `stand-in`: nova_noauth.py where Nova removed noauth2 (2026.1). */
  readonly auth: 'noauth2' | 'stand-in';
  /** `eventlet`: Nova's eventlet patching + eventlet.wsgi; `threaded`: native threads + wsgiref (2026.1). */
  readonly server: 'eventlet' | 'threaded';
  /** Instances need `compute_id` and migrations `dest_compute_id` (2023.2). */
  readonly compute_id: boolean;
  /** Nova's compute API WSGI entry point: `module:function()` to call, or `module:attribute`. */
  readonly app: string;
}

type ProfileRule = { readonly sinceNovaMajor: number; readonly set: Partial<Omit<HarnessProfile, 'release' | 'max_microversion'>> };

/** Each rule applies from its Nova major version on; later rules override earlier ones. */
const PROFILE_RULES: readonly ProfileRule[] = [
  { sinceNovaMajor: 0, set: { auth: 'noauth2', server: 'eventlet', compute_id: false, app: 'nova.api.openstack.compute.wsgi:init_application()' } },
  // 2023.2 Bobcat: ObjectActionError "... being created with node ... but not compute_id" otherwise.
  { sinceNovaMajor: 28, set: { compute_id: true } },
  // 2026.1 Gazpacho: nova/api/openstack/auth.py (noauth2) and nova/api/openstack/compute/wsgi.py are
  // gone; the API runs on native threads from nova.wsgi.osapi_compute.
  { sinceNovaMajor: 33, set: { auth: 'stand-in', server: 'threaded', app: 'nova.wsgi.osapi_compute:application' } },
];

/** The harness profile of `release`. */
export function harnessProfile(release: NovaRelease): HarnessProfile {
  const merged = Object.assign({}, ...PROFILE_RULES.filter((r) => release.novaMajor >= r.sinceNovaMajor).map((r) => r.set)) as Omit<
    HarnessProfile,
    'release' | 'max_microversion'
  >;
  return { release: release.name, max_microversion: formatMicroversion(release.maxMicroversion), ...merged };
}
