/**
 * The Nova release table (facts §2): every release from Liberty to 2026.2 with its
 * maximum microversion, plus the release-dependent behaviour switches the emulator needs.
 * Versioned behaviour lives here as data; nothing else should compare release names.
 */
import { ERROR_CODES, MvmError } from '../errors.js';
import { compareMicroversions, formatMicroversion, mv, type Microversion } from './version.js';

export interface NovaRelease {
  /** Lower-case code name, the id users type: `zed`, `epoxy`. */
  readonly name: string;
  /** Display name: `Zed`. */
  readonly title: string;
  /** `2022.2`; informal before 2023.1 (see {@link NovaRelease.officialSeries}). */
  readonly series: string;
  /** True from 2023.1 on, when the year.release numbering became official. */
  readonly officialSeries: boolean;
  /** Nova's major version number (12 for Liberty ... 34 for 2026.2). */
  readonly novaMajor: number;
  readonly maxMicroversion: Microversion;
  /** Released, or still in development (2026.2 at the time of the fact sheet). */
  readonly released: boolean;
  /**
   * Understands `OpenStack-API-Version` and comma lists (microversion_parse), since Newton.
   * Before: only `X-OpenStack-Nova-API-Version`, a single value.
   */
  readonly newStyleHeader: boolean;
  /** Status of the legacy v2.0 entry in the version documents. */
  readonly v2Status: 'SUPPORTED' | 'DEPRECATED';
  /** `updated` of the v2.0 entry. */
  readonly v2Updated: string;
  /** Has the separate `os_compute_api:os-migrate-server:migrate_live:host` policy (32.0.0+). */
  readonly migrateLiveHostPolicy: boolean;
  /** Has the separate `os_compute_api:os-migrate-server:migrate:host` policy (28.0.0+). */
  readonly migrateHostPolicy: boolean;
  /** Text after "Unexpected API Error." in a 500 (master changed it). */
  readonly unexpectedErrorSupport: string;
  /**
   * Schema errors are worded by python-jsonschema ≥ 4.21 (Debian forky/sid ship 4.26 with
   * 33.x/34.x): an empty string under `minLength: 1` is `'' should be non-empty`, where older
   * releases say `'' is too short`.
   */
  readonly jsonschemaNonEmptyWording: boolean;
}

const LAUNCHPAD = 'Please report this at http://bugs.launchpad.net/nova/ and attach the Nova API log if possible.';
const V2_SUPPORTED = { v2Status: 'SUPPORTED', v2Updated: '2011-01-21T11:33:21Z' } as const;
const V2_DEPRECATED = { v2Status: 'DEPRECATED', v2Updated: '2025-07-04T12:00:00Z' } as const;

type Row = [name: string, series: string, novaMajor: number, max: string];

// Facts §2. Kilo (2.3) is context only and not a target.
const ROWS: readonly Row[] = [
  ['liberty', '2015.2', 12, '2.12'],
  ['mitaka', '2016.1', 13, '2.25'],
  ['newton', '2016.2', 14, '2.38'],
  ['ocata', '2017.1', 15, '2.42'],
  ['pike', '2017.2', 16, '2.53'],
  ['queens', '2018.1', 17, '2.60'],
  ['rocky', '2018.2', 18, '2.65'],
  ['stein', '2019.1', 19, '2.72'],
  ['train', '2019.2', 20, '2.79'],
  ['ussuri', '2020.1', 21, '2.87'],
  ['victoria', '2020.2', 22, '2.87'],
  ['wallaby', '2021.1', 23, '2.88'],
  ['xena', '2021.2', 24, '2.90'],
  ['yoga', '2022.1', 25, '2.90'],
  ['zed', '2022.2', 26, '2.93'],
  ['antelope', '2023.1', 27, '2.95'],
  ['bobcat', '2023.2', 28, '2.95'],
  ['caracal', '2024.1', 29, '2.96'],
  ['dalmatian', '2024.2', 30, '2.96'],
  ['epoxy', '2025.1', 31, '2.100'],
  ['flamingo', '2025.2', 32, '2.100'],
  ['gazpacho', '2026.1', 33, '2.103'],
  ['hibiscus', '2026.2', 34, '2.104'],
];

/** Every release, oldest first. */
export const NOVA_RELEASES: readonly NovaRelease[] = Object.freeze(
  ROWS.map(([name, series, novaMajor, max]): NovaRelease =>
    Object.freeze({
      name,
      title: name[0]!.toUpperCase() + name.slice(1),
      series,
      officialSeries: Number(series.slice(0, 4)) >= 2023,
      novaMajor,
      maxMicroversion: mv(max),
      released: novaMajor <= 33,
      newStyleHeader: novaMajor >= 14,
      ...(novaMajor >= 32 ? V2_DEPRECATED : V2_SUPPORTED),
      migrateLiveHostPolicy: novaMajor >= 32,
      migrateHostPolicy: novaMajor >= 28,
      unexpectedErrorSupport: novaMajor >= 34 ? 'Please contact the administrator' : LAUNCHPAD,
      jsonschemaNonEmptyWording: novaMajor >= 33,
    }),
  ),
);

/** The newest release in the table (2026.2, in development). */
export const NEWEST_RELEASE: NovaRelease = NOVA_RELEASES[NOVA_RELEASES.length - 1]!;

/** Looks a release up by code name (`zed`, case-insensitive) or series (`2022.2`). */
export function findRelease(nameOrSeries: string): NovaRelease | undefined {
  const key = nameOrSeries.trim().toLowerCase();
  return NOVA_RELEASES.find((r) => r.name === key || r.series === key);
}

/** Like {@link findRelease} but throws a coded error listing the known names. */
export function getRelease(nameOrSeries: string, where?: string): NovaRelease {
  const release = findRelease(nameOrSeries);
  if (!release) {
    throw new MvmError(ERROR_CODES.UNKNOWN_RELEASE, `unknown Nova release '${nameOrSeries}'`, {
      ...(where === undefined ? {} : { where }),
      hint: `use one of: ${NOVA_RELEASES.map((r) => `${r.name} (${r.series})`).join(', ')}`,
    });
  }
  return release;
}

/**
 * The first release whose maximum reaches `version`: the behaviour profile of a Nova
 * "that supports up to `version`". Undefined above the newest release's maximum.
 */
export function firstReleaseSupporting(version: Microversion): NovaRelease | undefined {
  return NOVA_RELEASES.find((r) => compareMicroversions(r.maxMicroversion, version) >= 0);
}

/** `Zed (2022.2, max 2.93)`. */
export function describeRelease(release: NovaRelease): string {
  return `${release.title} (${release.series}, max ${formatMicroversion(release.maxMicroversion)})`;
}
