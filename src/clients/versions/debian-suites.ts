/**
 * Which client releases each Debian suite ships (docs/request-builders.md, "Client versions";
 * measured from the suites' packages, see `test/conformance/clients/fixtures/`). A profile is a
 * client at one of these releases; the suite tells which library release it runs on (Horizon
 * and OSC use the suite's novaclient / openstacksdk) and which Python formats its errors. Pure.
 */
import { compareClientVersions } from './client-version.js';

export type DebianSuite = 'bullseye' | 'bookworm' | 'trixie' | 'forky' | 'sid';

/** The client families mvmatrix models, by their Debian package's upstream name. */
export type ClientFamily = 'horizon' | 'novaclient' | 'openstacksdk' | 'openstackclient';

export interface SuiteClients {
  readonly suite: DebianSuite;
  /** Debian 11, 12, 13, 14; sid has none. */
  readonly debianVersion: string | null;
  /** `python3` (major.minor): it words the TypeErrors a client raises. */
  readonly python: string;
  readonly keystoneauth: string;
  /** Upstream release of each client's package (python3-novaclient, python3-openstacksdk, python3-openstackclient, python3-django-horizon). */
  readonly clients: Readonly<Record<ClientFamily, string>>;
}

/** Oldest suite first. */
export const DEBIAN_SUITES: readonly SuiteClients[] = [
  {
    suite: 'bullseye',
    debianVersion: '11',
    python: '3.9',
    keystoneauth: '4.2.1',
    clients: { novaclient: '17.2.1', openstacksdk: '0.50.0', openstackclient: '5.4.0', horizon: '18.6.2' },
  },
  {
    suite: 'bookworm',
    debianVersion: '12',
    python: '3.11',
    keystoneauth: '5.0.0',
    clients: { novaclient: '18.1.0', openstacksdk: '0.101.0', openstackclient: '6.0.0', horizon: '23.0.0' },
  },
  {
    suite: 'trixie',
    debianVersion: '13',
    python: '3.13',
    keystoneauth: '5.10.0',
    clients: { novaclient: '18.9.0', openstacksdk: '4.4.0', openstackclient: '7.4.0', horizon: '25.3.0' },
  },
  {
    suite: 'forky',
    debianVersion: '14',
    python: '3.14',
    keystoneauth: '5.17.0',
    clients: { novaclient: '18.13.1', openstacksdk: '4.20.0', openstackclient: '10.3.0', horizon: '27.0.0' },
  },
  {
    suite: 'sid',
    debianVersion: null,
    python: '3.14',
    keystoneauth: '5.17.0',
    clients: { novaclient: '18.13.1', openstacksdk: '4.20.0', openstackclient: '10.3.0', horizon: '27.0.0' },
  },
];

/** The releases of `family` Debian ships, oldest first, each once. */
export function shippedVersions(family: ClientFamily): string[] {
  const versions = [...new Set(DEBIAN_SUITES.map((s) => s.clients[family]))];
  return versions.sort(compareClientVersions);
}

/** The newest release of `family` Debian ships (what an unversioned profile id means). */
export function newestVersion(family: ClientFamily): string {
  const versions = shippedVersions(family);
  return versions[versions.length - 1]!;
}

/** The suites shipping `family` at `version` (empty when Debian ships no such release). */
export function suitesShipping(family: ClientFamily, version: string): SuiteClients[] {
  return DEBIAN_SUITES.filter((s) => compareClientVersions(s.clients[family], version) === 0);
}

/** The oldest suite shipping `family` at `version`: its Python and libraries are the ones the release runs with. */
export function suiteOf(family: ClientFamily, version: string): SuiteClients | undefined {
  return suitesShipping(family, version)[0];
}
