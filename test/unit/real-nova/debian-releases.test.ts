import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../src/errors.js';
import { getRelease } from '../../../src/microversion/releases.js';
import { aptSourceLines, DEBIAN_NOVAS, findDebianNova, harnessProfile, selectDebianNovas } from '../../../src/providers/real-nova/debian-releases.js';
import { harnessFiles } from '../../../src/providers/real-nova/harness-files.js';
import { DEFAULT_WORLD } from '../../../src/nova/world.js';

describe('the real Novas Debian ships', () => {
  it('are five releases, one per suite, oldest first', () => {
    expect(DEBIAN_NOVAS.map((d) => `${d.suite}:${d.release.name}:${d.expectedNovaVersion}`)).toEqual([
      'bullseye:victoria:22.0.1',
      'bookworm:zed:26.2.2',
      'trixie:epoxy:31.0.0',
      'forky:gazpacho:33.0.2',
      'sid:hibiscus:34.0.0',
    ]);
  });

  it('are found by release name, series or Debian suite', () => {
    expect(findDebianNova('epoxy').suite).toBe('trixie');
    expect(findDebianNova('2025.1').suite).toBe('trixie');
    expect(findDebianNova('SID').release.name).toBe('hibiscus');
  });

  it('refuse a release Debian does not ship, listing the ones it does', () => {
    expect(() => findDebianNova('mitaka', '--release')).toThrow(expect.objectContaining({ code: ERROR_CODES.UNKNOWN_RELEASE, where: '--release' }));
    expect(() => findDebianNova('mitaka')).toThrow(/victoria \(bullseye, 22\.0\.1, max 2\.87\)/);
  });

  it('select all, or a list in table order without duplicates', () => {
    expect(selectDebianNovas('all')).toHaveLength(5);
    expect(selectDebianNovas('sid,zed,hibiscus').map((d) => d.release.name)).toEqual(['zed', 'hibiscus']);
    expect(() => selectDebianNovas(',')).toThrow(expect.objectContaining({ code: ERROR_CODES.USAGE }));
  });

  it('take point releases and security updates from the stable suites the mirror serves them for', () => {
    expect(aptSourceLines(findDebianNova('bookworm'), 'http://m/debian', 'http://m/debian-security')).toEqual([
      'deb http://m/debian bookworm main',
      'deb http://m/debian bookworm-updates main',
      'deb http://m/debian-security bookworm-security main',
    ]);
    expect(aptSourceLines(findDebianNova('bullseye'), 'http://m/debian', 'http://m/debian-security')).toEqual(['deb http://m/debian bullseye main', 'deb http://m/debian bullseye-updates main']);
    expect(aptSourceLines(findDebianNova('sid'), 'http://m/debian', 'http://m/debian-security')).toEqual(['deb http://m/debian sid main']);
  });
});

describe('the harness profile of a release', () => {
  it('keeps noauth2, eventlet and the old WSGI entry point before 2026.1, and adds compute_id from 2023.2', () => {
    expect(harnessProfile(getRelease('victoria'))).toEqual({
      release: 'victoria', max_microversion: '2.87', auth: 'noauth2', server: 'eventlet', compute_id: false, app: 'nova.api.openstack.compute.wsgi:init_application()',
    });
    expect(harnessProfile(getRelease('zed')).compute_id).toBe(false);
    expect(harnessProfile(getRelease('bobcat')).compute_id).toBe(true);
    expect(harnessProfile(getRelease('epoxy'))).toMatchObject({ auth: 'noauth2', server: 'eventlet', compute_id: true });
  });

  it('uses the noauth2 stand-in, native threads and nova.wsgi.osapi_compute from 2026.1', () => {
    for (const name of ['gazpacho', 'hibiscus']) {
      expect(harnessProfile(getRelease(name))).toMatchObject({ auth: 'stand-in', server: 'threaded', compute_id: true, app: 'nova.wsgi.osapi_compute:application' });
    }
  });

  it('writes nova.conf with noauth2 only where the release has it', () => {
    const zed = harnessFiles('/run', getRelease('zed'), DEFAULT_WORLD);
    const sid = harnessFiles('/run', getRelease('hibiscus'), DEFAULT_WORLD);
    expect(zed['nova.conf']).toContain('auth_strategy = noauth2');
    expect(sid['nova.conf']).not.toContain('auth_strategy = noauth2');
    expect(JSON.parse(sid['harness.json']!)).toMatchObject({ release: 'hibiscus', auth: 'stand-in' });
    expect(zed['nova.conf']).toContain('connection = sqlite:////run/nova.sqlite');
  });
});
