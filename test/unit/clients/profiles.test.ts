import { describe, expect, it } from 'vitest';
import { buildLiveMigration, getProfile, listProfiles } from '../../../src/clients/index.js';
import type { DiscoveredRange, LiveMigrationIntent, ProfileBuildResult } from '../../../src/clients/index.js';
import { MvmError } from '../../../src/errors.js';
import { mv } from '../../../src/microversion/version.js';

const ID = 'srv-1';
const range = (max: string, min = '2.1'): DiscoveredRange => ({ kind: 'range', min: mv(min), max: mv(max) });
const NONE: DiscoveredRange = { kind: 'none', reason: 'GET answered 401' };

function intent(partial: Partial<LiveMigrationIntent> = {}): LiveMigrationIntent {
  return { host: null, blockMigration: false, diskOverCommit: false, ...partial };
}

function wire(result: ProfileBuildResult): { mv: string | undefined; body: unknown } | string {
  if (result.kind === 'refused') return result.message;
  return {
    mv: result.request.headers['x-openstack-nova-api-version'],
    body: (result.request.body as Record<string, unknown>)['os-migrateLive'],
  };
}

const build = (profile: string, i: LiveMigrationIntent, d: DiscoveredRange): ReturnType<typeof wire> => wire(buildLiveMigration(profile, i, d, ID));

describe('the profile registry', () => {
  it('lists every client at every release Debian ships, with what it is and the code it models', () => {
    const listed = listProfiles();
    const ids = listed.map((p) => p.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'horizon@18.6.2', 'horizon@23.0.0', 'horizon@25.3.0', 'horizon@27.0.0', 'horizon-proposed@27.0.0',
        'novaclient@17.2.1', 'novaclient@18.1.0', 'novaclient@18.9.0', 'novaclient@18.13.1',
        'openstacksdk@0.50.0', 'openstacksdk@0.101.0', 'openstacksdk@4.4.0', 'openstacksdk@4.20.0',
        'openstackclient@5.4.0', 'openstackclient@6.0.0', 'openstackclient@7.4.0', 'openstackclient@10.3.0',
      ]),
    );
    expect(ids).toHaveLength(17);
    for (const p of listed) {
      expect(p.models.length, p.id).toBeGreaterThan(0);
      expect(p.behaviour.length, p.id).toBeGreaterThan(40);
      expect(p.id.startsWith(`${p.client}@${p.clientVersion}`), p.id).toBe(true);
    }
    expect(listed.find((p) => p.id === 'horizon@27.0.0')).toMatchObject({ client: 'horizon', clientVersion: '27.0.0', debianSuites: ['forky', 'sid'], aliases: ['horizon', 'horizon-60455e5ff'] });
  });

  it('resolves the old ids and the bare family names (the newest release) as aliases', () => {
    expect(getProfile('horizon-legacy').id).toBe('horizon@23.0.0');
    expect(getProfile('horizon-60455e5ff').id).toBe('horizon@27.0.0');
    expect(getProfile('horizon-proposed').id).toBe('horizon-proposed@27.0.0');
    expect(getProfile('openstacksdk').id).toBe('openstacksdk@4.20.0');
    expect(getProfile('openstackclient').id).toBe('openstackclient@10.3.0');
    expect(getProfile('novaclient@latest').id).toBe('novaclient@18.13.1');
    // The old novaclient@<microversion> is the newest client pinned to that microversion.
    expect(getProfile('novaclient@2.47').id).toBe('novaclient@18.13.1+mv2.47');
    expect(getProfile('openstackclient@2.30').id).toBe('openstackclient@10.3.0+mv2.30');
    expect(getProfile('novaclient+mv2.47').id).toBe('novaclient@18.13.1+mv2.47');
  });

  it('says which force option a pinned novaclient has', () => {
    expect(getProfile('novaclient@18.1.0+mv2.47').takesForce).toBe(true);
    expect(getProfile('novaclient@18.1.0+mv2.68').takesForce).toBe(false);
  });

  it('throws UNKNOWN_PROFILE, naming the releases, for unknown ids, releases and bad versions', () => {
    for (const id of ['horizon@24.0.0', 'nope', 'novaclient@3.0', 'novaclient@2.01', 'openstackclient@x', 'openstacksdk+mv2.30', 'novaclient@latest+mv2.5']) {
      let error: unknown;
      try {
        getProfile(id);
      } catch (caught) {
        error = caught;
      }
      expect(error, id).toBeInstanceOf(MvmError);
      expect((error as MvmError).code).toBe('MVM_ERR_UNKNOWN_PROFILE');
    }
    expect(() => getProfile('horizon@24.0.0')).toThrow(/18\.6\.2, 23\.0\.0, 25\.3\.0, 27\.0\.0/);
  });
});

describe('options left at the client default', () => {
  const DEFAULTS = intent({ blockMigration: 'default', diskOverCommit: 'default' });

  it('lets each client fill in its own block_migration default', () => {
    expect(build('novaclient@18.13.1+mv2.24', DEFAULTS, NONE)).toMatchObject({ body: { block_migration: false, disk_over_commit: false } });
    expect(build('novaclient@18.13.1+mv2.25', DEFAULTS, NONE)).toMatchObject({ body: { block_migration: 'auto' } });
    expect(build('openstacksdk@0.101.0', DEFAULTS, range('2.24'))).toMatchObject({ body: { block_migration: false } });
    expect(build('openstacksdk@0.101.0', DEFAULTS, range('2.93'))).toMatchObject({ body: { block_migration: 'auto' } });
    // OSC 5.4's argparse default is False at every microversion; 6.0 leaves it to novaclient.
    expect(build('openstackclient@5.4.0+mv2.30', DEFAULTS, range('2.93'))).toMatchObject({ body: { block_migration: false } });
    expect(build('openstackclient@6.0.0+mv2.30', DEFAULTS, range('2.93'))).toMatchObject({ body: { block_migration: 'auto' } });
    // The dashboard's unticked box.
    expect(build('horizon@27.0.0', DEFAULTS, range('2.93'))).toMatchObject({ body: { block_migration: false } });
    expect(build('horizon-proposed', DEFAULTS, range('2.93'))).toMatchObject({ body: { block_migration: 'auto' } });
  });

  it('tells --no-disk-overcommit from no flag only by the warning openstackclient prints', () => {
    const noFlag = buildLiveMigration('openstackclient@10.3.0', DEFAULTS, range('2.93'), ID);
    const explicit = buildLiveMigration('openstackclient@10.3.0', intent({ blockMigration: 'default' }), range('2.93'), ID);
    expect(wire(noFlag)).toEqual(wire(explicit));
    expect(noFlag.warnings).toBeUndefined();
    expect(explicit.warnings?.[0]).toMatch(/--no-disk-overcommit options are only supported/);
  });
});

describe('horizon-legacy', () => {
  it('always sends the 2.0 body without a microversion header, whatever the server offers', () => {
    for (const d of [range('2.24'), range('2.93'), NONE]) {
      expect(build('horizon-legacy', intent({ host: 'c2', diskOverCommit: true }), d)).toEqual({
        mv: undefined,
        body: { host: 'c2', block_migration: false, disk_over_commit: true },
      });
    }
  });

  it('sends the unticked Block Migration box (false) when the user asked for auto', () => {
    expect(build('horizon-legacy', intent({ blockMigration: 'auto' }), range('2.93'))).toMatchObject({ body: { block_migration: false } });
  });

  it('refuses a force the form does not have', () => {
    expect(build('horizon-legacy', intent({ force: true }), range('2.93'))).toMatch(/^NotOffered: /);
  });
});

describe('horizon-60455e5ff', () => {
  it('stays on the 2.0 body below 2.30 (2.29 server)', () => {
    expect(build('horizon-60455e5ff', intent({ host: 'c2', diskOverCommit: true }), range('2.29'))).toEqual({
      mv: undefined,
      body: { host: 'c2', block_migration: false, disk_over_commit: true },
    });
  });

  it('sends Disk Over Commit as force: true from a 2.30 server on', () => {
    for (const max of ['2.30', '2.67', '2.93', '2.104']) {
      expect(build('horizon-60455e5ff', intent({ host: 'c2', diskOverCommit: true }), range(max))).toEqual({
        mv: '2.30',
        body: { host: 'c2', block_migration: false, force: true },
      });
    }
  });

  it('sends force: true with no host (Nova answers 400) when AUTO_SCHEDULE and the box are chosen', () => {
    expect(build('horizon-60455e5ff', intent({ diskOverCommit: true }), range('2.93'))).toMatchObject({ body: { host: null, force: true } });
  });

  it('picks 2.30 blindly when discovery gave no range (novaclient matches() with null bounds)', () => {
    expect(build('horizon-60455e5ff', intent(), NONE)).toMatchObject({ mv: '2.30' });
  });

  it('does not pick 2.30 when the server minimum is above it', () => {
    expect(build('horizon-60455e5ff', intent(), range('2.93', '2.31'))).toMatchObject({ mv: undefined });
  });
});

describe('horizon-proposed', () => {
  it('uses 2.68 on 2.68+ servers and sends auto when no mode was asked', () => {
    expect(build('horizon-proposed', intent({ blockMigration: 'auto' }), range('2.68'))).toEqual({ mv: '2.68', body: { host: null, block_migration: 'auto' } });
    expect(build('horizon-proposed', intent({ host: 'c2', blockMigration: true }), range('2.104'))).toEqual({ mv: '2.68', body: { host: 'c2', block_migration: true } });
  });

  it('uses 2.30 for force: true with a host, also on a 2.68+ server', () => {
    for (const max of ['2.30', '2.67', '2.93']) {
      expect(build('horizon-proposed', intent({ host: 'c2', force: true }), range(max))).toEqual({
        mv: '2.30',
        body: { host: 'c2', block_migration: false, force: true },
      });
    }
  });

  it('uses 2.30 on a 2.30–2.67 server with a scheduler-verified host (no force key)', () => {
    expect(build('horizon-proposed', intent({ host: 'c2', force: false }), range('2.67'))).toEqual({ mv: '2.30', body: { host: 'c2', block_migration: false } });
  });

  it('refuses force without a host', () => {
    expect(build('horizon-proposed', intent({ force: true }), range('2.93'))).toMatch(/^ValidationError: Force needs a destination host/);
  });

  it('refuses disk over-commit from 2.25 on and sends it below', () => {
    expect(build('horizon-proposed', intent({ diskOverCommit: true }), range('2.25'))).toMatch(/^ValidationError: Disk over-commit .*removed in microversion 2.25/);
    expect(build('horizon-proposed', intent({ diskOverCommit: true }), range('2.24'))).toEqual({
      mv: undefined,
      body: { host: null, block_migration: false, disk_over_commit: true },
    });
  });

  it('refuses a named host without force below 2.30 and sends it when force is ticked', () => {
    expect(build('horizon-proposed', intent({ host: 'c2' }), range('2.29'))).toMatch(/before microversion 2.30 a named host bypasses the scheduler/);
    expect(build('horizon-proposed', intent({ host: 'c2', force: true }), range('2.29'))).toEqual({ mv: '2.25', body: { host: 'c2', block_migration: false } });
    expect(build('horizon-proposed', intent({ host: 'c2', force: true }), range('2.24'))).toEqual({
      mv: undefined,
      body: { host: 'c2', block_migration: false, disk_over_commit: false },
    });
  });

  it('sends false for auto below 2.25, where the API has no auto', () => {
    expect(build('horizon-proposed', intent({ blockMigration: 'auto' }), range('2.24'))).toMatchObject({ body: { block_migration: false } });
    expect(build('horizon-proposed', intent({ blockMigration: 'auto' }), range('2.25'))).toMatchObject({ mv: '2.25', body: { block_migration: 'auto' } });
  });

  it('falls back to the original API when discovery gave no range, and says so when refusing', () => {
    expect(build('horizon-proposed', intent(), NONE)).toMatchObject({ mv: undefined });
    expect(build('horizon-proposed', intent({ host: 'c2' }), NONE)).toMatch(/could not be discovered/);
  });

  it('refuses force when the server offers no 2.30–2.67', () => {
    expect(build('horizon-proposed', intent({ host: 'c2', force: true }), range('2.93', '2.68'))).toMatch(/Force was removed in microversion 2.68/);
  });
});

describe('novaclient@<release>+mv<v>', () => {
  it('sends disk_over_commit at 2.24 and refuses it with TypeError at 2.25', () => {
    expect(build('novaclient@18.1.0+mv2.24', intent({ diskOverCommit: true }), NONE)).toMatchObject({ mv: '2.24', body: { disk_over_commit: true } });
    expect(build('novaclient@18.1.0+mv2.25', intent({ diskOverCommit: true }), NONE)).toBe("TypeError: Server.live_migrate() got an unexpected keyword argument 'disk_over_commit'");
    // Python 3.14 finds no parameter close enough to suggest.
    expect(build('novaclient@18.13.1+mv2.25', intent({ diskOverCommit: true }), NONE)).toBe("TypeError: Server.live_migrate() got an unexpected keyword argument 'disk_over_commit'");
  });

  it('takes force only from 2.30 to 2.67', () => {
    expect(build('novaclient@18.1.0+mv2.29', intent({ host: 'c2', force: true }), NONE)).toMatch(/unexpected keyword argument 'force'/);
    expect(build('novaclient@18.1.0+mv2.30', intent({ host: 'c2', force: true }), NONE)).toMatchObject({ body: { force: true } });
    expect(build('novaclient@18.1.0+mv2.67', intent({ host: 'c2', force: false }), NONE)).toEqual({ mv: '2.67', body: { host: 'c2', block_migration: false } });
    expect(build('novaclient@18.1.0+mv2.68', intent({ host: 'c2', force: false }), NONE)).toMatch(/unexpected keyword argument 'force'/);
  });
});

describe('novaclient@<release> (discover_version for 2.latest)', () => {
  it('uses min(client max, server max), 2.0 without a range, and refuses disjoint ranges', () => {
    expect(build('novaclient@18.1.0', intent(), range('2.104'))).toMatchObject({ mv: '2.92' });
    expect(build('novaclient@18.13.1', intent(), range('2.104'))).toMatchObject({ mv: '2.96' });
    expect(build('novaclient@17.2.1', intent(), range('2.104'))).toMatchObject({ mv: '2.87' });
    expect(build('novaclient@18.1.0', intent(), range('2.30'))).toMatchObject({ mv: '2.30' });
    expect(build('novaclient@18.1.0', intent({ diskOverCommit: true }), NONE)).toEqual({
      mv: undefined,
      body: { host: null, block_migration: false, disk_over_commit: true },
    });
    expect(build('novaclient@18.1.0', intent(), range('2.104', '2.93'))).toBe(
      "UnsupportedVersion: Server version is too new. The client valid version range is '2.1' to '2.92'. The server valid version range is '2.93' to '2.104'.",
    );
  });
});

describe('openstacksdk 0.101 (Debian 12)', () => {
  it('pins 2.30 whenever the server supports it, dropping force without a host', () => {
    for (const max of ['2.30', '2.67', '2.104']) {
      expect(build('openstacksdk@0.101.0', intent({ force: true, blockMigration: 'auto' }), range(max))).toEqual({ mv: '2.30', body: { host: null, block_migration: 'auto' } });
    }
    expect(build('openstacksdk@0.101.0', intent({ host: 'c2', force: true }), range('2.93'))).toEqual({ mv: '2.30', body: { host: 'c2', block_migration: false, force: true } });
  });

  it('pins 2.25 on 2.25–2.29 servers and raises ValueError for a host without force', () => {
    expect(build('openstacksdk@0.101.0', intent(), range('2.29'))).toEqual({ mv: '2.25', body: { host: null, block_migration: false } });
    expect(build('openstacksdk@0.101.0', intent({ host: 'c2' }), range('2.29'))).toMatch(/^ValueError: Live migration on this cloud implies 'force'/);
  });

  it('sends no microversion below 2.25, refusing auto', () => {
    expect(build('openstacksdk@0.101.0', intent(), range('2.24'))).toEqual({ mv: undefined, body: { host: null, block_migration: false, disk_over_commit: false } });
    expect(build('openstacksdk@0.101.0', intent({ blockMigration: 'auto' }), range('2.24'))).toBe(
      "ValueError: Live migration on this cloud does not support 'auto' as a parameter to block_migration, but only True and False.",
    );
  });

  it('has no disk_over_commit argument', () => {
    expect(build('openstacksdk@0.101.0', intent({ diskOverCommit: true }), range('2.24'))).toMatch(/^TypeError: Proxy.live_migrate_server\(\)/);
  });
});

describe('openstackclient 6.0 (Debian 12)', () => {
  it('defaults to 2.1 and refuses --host below 2.30', () => {
    expect(build('openstackclient@6.0.0', intent(), range('2.93'))).toEqual({ mv: '2.1', body: { host: null, block_migration: false, disk_over_commit: false } });
    expect(build('openstackclient@6.0.0', intent({ host: 'c2' }), range('2.93'))).toBe('CommandError: --os-compute-api-version 2.30 or greater is required when using --host');
    expect(build('openstackclient@6.0.0+mv2.29', intent({ host: 'c2' }), range('2.93'))).toMatch(/^CommandError/);
  });

  it('sends the host from 2.30 and auto for an unset block mode from 2.25', () => {
    expect(build('openstackclient@6.0.0+mv2.30', intent({ host: 'c2', blockMigration: 'auto' }), range('2.93'))).toEqual({ mv: '2.30', body: { host: 'c2', block_migration: 'auto' } });
    expect(build('openstackclient@6.0.0+mv2.24', intent({ blockMigration: 'auto' }), range('2.93'))).toMatchObject({ body: { block_migration: false } });
  });

  it('warns about --disk-overcommit from 2.25 but still sends the request without it', () => {
    const result = buildLiveMigration('openstackclient@6.0.0+mv2.25', intent({ diskOverCommit: true }), range('2.93'), ID);
    expect(wire(result)).toEqual({ mv: '2.25', body: { host: null, block_migration: false } });
    expect(result.warnings?.[0]).toMatch(/only supported by --os-compute-api-version 2.24 or below/);
  });

  it('refuses versions above its novaclient ceiling 2.92', () => {
    expect(build('openstackclient@6.0.0+mv2.92', intent(), range('2.93'))).toMatchObject({ mv: '2.92' });
    expect(build('openstackclient@6.0.0+mv2.93', intent(), range('2.93'))).toBe('CommandError: versions supported by client: 2.1 - 2.92');
  });
});

describe('openstacksdk 4.x (Debian 13 on)', () => {
  it('sends disk_over_commit below 2.25 with min(server max, its cap) as the microversion, and drops it from 2.25', () => {
    expect(build('openstacksdk@4.20.0', intent({ diskOverCommit: true }), range('2.24'))).toEqual({ mv: '2.24', body: { host: null, block_migration: false, disk_over_commit: true } });
    expect(build('openstacksdk@4.4.0', intent({ diskOverCommit: true }), range('2.25'))).toEqual({ mv: '2.25', body: { host: null, block_migration: false } });
  });
});

describe('openstackclient 7 and later (on openstacksdk)', () => {
  it('fails every live migration below 2.25 before sending: it passes disk_overcommit, which the SDK does not take', () => {
    for (const release of ['7.4.0', '10.3.0']) {
      expect(build(`openstackclient@${release}`, intent({ blockMigration: 'default', diskOverCommit: 'default' }), range('2.24'))).toMatch(
        /^TypeError: Proxy.live_migrate_server\(\) got an unexpected keyword argument 'disk_overcommit'. Did you mean 'disk_over_commit'\?$/,
      );
    }
  });

  it('negotiates: --host works without a version flag and is scheduler-verified at 2.30', () => {
    expect(build('openstackclient@10.3.0', intent({ host: 'c2', blockMigration: 'default' }), range('2.93'))).toEqual({ mv: '2.30', body: { host: 'c2', block_migration: 'auto' } });
  });

  it('sends 2.30 whatever the flag says, and turns a flag outside the server range into a ConfigException', () => {
    expect(build('openstackclient@10.3.0+mv2.93', intent(), range('2.93'))).toMatchObject({ mv: '2.30' });
    expect(build('openstackclient@10.3.0+mv2.0', intent(), range('2.93'))).toMatchObject({ mv: '2.30' });
    expect(build('openstackclient@10.3.0+mv2.93', intent(), range('2.67'))).toMatch(/^ConfigException: A default microversion for service compute of 2.93 was requested, but the cloud only supports a minimum of 2.1 and a maximum of 2.67\./);
  });
});
