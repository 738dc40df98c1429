/**
 * A client release as it runs in the Debian suite that ships it: its traits, the Python that
 * words its errors, and the library releases it calls (Horizon and openstackclient use the
 * suite's novaclient / openstacksdk). Every lookup goes through {@link resolveVersioned}. Pure.
 */
import type { NovaclientRuntime } from '../novaclient-model.js';
import { suiteOf, type ClientFamily, type SuiteClients } from './debian-suites.js';
import { HORIZON_TRAITS, type HorizonTraits } from './horizon.js';
import { KEYSTONEAUTH_TRAITS, type KeystoneauthTraits } from './keystoneauth.js';
import { NOVACLIENT_TRAITS } from './novaclient.js';
import { OSC_TRAITS, type OscTraits } from './openstackclient.js';
import { SDK_TRAITS, type SdkTraits } from './openstacksdk.js';
import { PYTHON_TRAITS, type PythonTraits } from './python.js';
import { resolveVersioned } from './version-table.js';

/** An openstacksdk release as it runs in its suite (with that suite's keystoneauth). */
export interface SdkRuntime {
  readonly release: string;
  readonly traits: SdkTraits;
  readonly python: PythonTraits;
  readonly keystoneauth: string;
  readonly keystoneauthTraits: KeystoneauthTraits;
}

function suite(family: ClientFamily, release: string): SuiteClients {
  const found = suiteOf(family, release);
  if (!found) throw new Error(`no Debian suite ships ${family} ${release}`);
  return found;
}

export function pythonTraits(python: string): PythonTraits {
  return resolveVersioned(PYTHON_TRAITS, python, 'Python');
}

export function novaclientRuntime(release: string): NovaclientRuntime {
  return { release, traits: resolveVersioned(NOVACLIENT_TRAITS, release, 'python-novaclient'), python: pythonTraits(suite('novaclient', release).python) };
}

export function sdkRuntime(release: string): SdkRuntime {
  const s = suite('openstacksdk', release);
  return {
    release,
    traits: resolveVersioned(SDK_TRAITS, release, 'openstacksdk'),
    python: pythonTraits(s.python),
    keystoneauth: s.keystoneauth,
    keystoneauthTraits: resolveVersioned(KEYSTONEAUTH_TRAITS, s.keystoneauth, 'keystoneauth1'),
  };
}

export function oscTraits(release: string): OscTraits {
  return resolveVersioned(OSC_TRAITS, release, 'python-openstackclient');
}

export function horizonTraits(release: string): HorizonTraits {
  return resolveVersioned(HORIZON_TRAITS, release, 'horizon');
}

/** The release of `library` that the suite shipping `family` at `release` ships alongside it. */
export function companionRelease(family: ClientFamily, release: string, library: 'novaclient' | 'openstacksdk'): string {
  return suite(family, release).clients[library];
}
