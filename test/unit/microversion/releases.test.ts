import { describe, expect, it } from 'vitest';
import { NOVA_RELEASES, findRelease, firstReleaseSupporting, getRelease } from '../../../src/microversion/releases.js';
import { compareMicroversions, formatMicroversion, mv } from '../../../src/microversion/version.js';
import { resolveTarget } from '../../../src/nova/target.js';

describe('release table (facts §2)', () => {
  it('lists Liberty to 2026.2 with their maximum microversions', () => {
    expect(NOVA_RELEASES.map((r) => `${r.name}=${formatMicroversion(r.maxMicroversion)}`)).toEqual([
      'liberty=2.12', 'mitaka=2.25', 'newton=2.38', 'ocata=2.42', 'pike=2.53', 'queens=2.60', 'rocky=2.65',
      'stein=2.72', 'train=2.79', 'ussuri=2.87', 'victoria=2.87', 'wallaby=2.88', 'xena=2.90', 'yoga=2.90',
      'zed=2.93', 'antelope=2.95', 'bobcat=2.95', 'caracal=2.96', 'dalmatian=2.96', 'epoxy=2.100',
      'flamingo=2.100', 'gazpacho=2.103', 'hibiscus=2.104',
    ]);
  });

  it('never lowers the maximum from one release to the next', () => {
    for (let i = 1; i < NOVA_RELEASES.length; i++) {
      expect(compareMicroversions(NOVA_RELEASES[i]!.maxMicroversion, NOVA_RELEASES[i - 1]!.maxMicroversion)).toBeGreaterThanOrEqual(0);
    }
  });

  it('finds releases by name or series, case-insensitively', () => {
    expect(findRelease('Zed')?.series).toBe('2022.2');
    expect(findRelease('2025.1')?.name).toBe('epoxy');
    expect(findRelease('kilo')).toBeUndefined();
  });

  it('switches release behaviour where the facts say', () => {
    expect(getRelease('mitaka').newStyleHeader).toBe(false);
    expect(getRelease('newton').newStyleHeader).toBe(true);
    expect(getRelease('epoxy').v2Status).toBe('SUPPORTED');
    expect(getRelease('flamingo').v2Status).toBe('DEPRECATED');
    expect(getRelease('epoxy').migrateLiveHostPolicy).toBe(false);
    expect(getRelease('flamingo').migrateLiveHostPolicy).toBe(true);
    expect(getRelease('antelope').migrateHostPolicy).toBe(false);
    expect(getRelease('bobcat').migrateHostPolicy).toBe(true);
  });

  it('names an unknown release and lists the known ones', () => {
    expect(() => getRelease('kilo')).toThrow(/unknown Nova release 'kilo'/);
  });

  it('maps a maximum microversion to the first release that reached it', () => {
    expect(firstReleaseSupporting(mv('2.30'))?.name).toBe('newton');
    expect(firstReleaseSupporting(mv('2.26'))?.name).toBe('newton');
    expect(firstReleaseSupporting(mv('2.25'))?.name).toBe('mitaka');
    expect(firstReleaseSupporting(mv('2.105'))).toBeUndefined();
  });
});

describe('target specs', () => {
  it('resolves a release, a max microversion and a capped release', () => {
    expect(resolveTarget('zed')).toMatchObject({ id: 'zed', maxMicroversion: mv('2.93') });
    expect(resolveTarget('2.47')).toMatchObject({ id: 'mv-2.47', release: { name: 'pike' } });
    expect(resolveTarget('mv-2.47').id).toBe('mv-2.47');
    // Year-named series are releases, not microversions (docs/emulator-http.md: /@2023.1/).
    expect(resolveTarget('2023.1')).toMatchObject({ id: 'antelope', maxMicroversion: mv('2.95') });
    expect(resolveTarget('2025.2')).toMatchObject({ id: 'flamingo', maxMicroversion: mv('2.100') });
    expect(resolveTarget('zed@2.60')).toMatchObject({ id: 'zed@2.60', maxMicroversion: mv('2.60') });
  });

  it('rejects a cap above the release maximum and nonsense', () => {
    expect(() => resolveTarget('zed@2.94')).toThrow(/cap must be/);
    expect(() => resolveTarget('2.105')).toThrow(/no Nova release/);
    expect(() => resolveTarget('banana')).toThrow(/neither a Nova release nor a microversion/);
  });
});
