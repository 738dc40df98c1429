import { describe, expect, it } from 'vitest';
import { overrideAxes, TARGET_SETS } from '../../../src/matrix/axes-override.js';
import type { MatrixDefinition } from '../../../src/matrix/definition.js';
import { withDriverProfiles } from '../../../src/matrix/driver-profiles.js';
import { expandMatrix } from '../../../src/matrix/expand.js';
import { ERROR_CODES } from '../../../src/errors.js';
import { thrownMvmError } from '../../support/thrown-mvm-error.js';

const DEFINITION: MatrixDefinition = {
  file: 'm.yaml',
  title: 't',
  targets: [{ kind: 'releases', releases: 'all', path: '/targets/0' }],
  profiles: ['horizon-legacy'],
  scenarios: [],
};

describe('overriding the axes of a matrix', () => {
  it('replaces profiles and targets, expanding named target sets', () => {
    const out = overrideAxes(DEFINITION, { profiles: ['novaclient@installed'], targets: ['zed', 'band-edges'] });
    expect(out.profiles).toEqual(['novaclient@installed']);
    expect(out.targets.map((t) => (t.kind === 'spec' ? t.spec : t.kind))).toEqual(['zed', ...TARGET_SETS['band-edges']!]);
    expect(out.targets[0]).toMatchObject({ path: '--targets[0]' });
  });

  it('leaves the axes it is not given alone', () => {
    expect(overrideAxes(DEFINITION, {})).toEqual(DEFINITION);
  });

  it('replaces driver profile ids by the names their cells carry', () => {
    const { definition, specs } = withDriverProfiles({ ...DEFINITION, profiles: ['horizon-legacy', 'horizon@src:/h,as=horizon-under-review', 'novaclient@installed'] });
    expect(definition.profiles).toEqual(['horizon-legacy', 'horizon-under-review', 'novaclient@installed']);
    expect(specs.map((s) => s.client)).toEqual(['horizon', 'novaclient']);
  });

  it('reports a malformed driver profile at its place in the matrix', () => {
    const error = thrownMvmError(() => withDriverProfiles({ ...DEFINITION, profiles: ['horizon-legacy', 'horizon@src:'] }));
    expect(error.code).toBe(ERROR_CODES.INVALID_MATRIX);
    expect(error.format()).toContain('/profiles/1');
    expect(error.message).toContain('src: needs the checkout directory');
  });

  it('names the flag, not the matrix file, for a bad profile or target given on the command line', () => {
    const unknown = thrownMvmError(() =>
      expandMatrix(overrideAxes(DEFINITION, { profiles: ['horizon@27.0.0', 'novaclient@instaled'] }), { ids: ['horizon@27.0.0'], has: (id) => id === 'horizon@27.0.0' }),
    );
    expect(unknown.where).toBe('--profile[1]');
    expect(unknown.message).toBe("unknown client profile 'novaclient@instaled'");
    // The hint names both kinds of profile id.
    expect(unknown.hint).toContain('horizon@27.0.0');
    expect(unknown.hint).toContain('@installed');
    const malformed = thrownMvmError(() => withDriverProfiles(overrideAxes(DEFINITION, { profiles: ['horizon@src:'] })));
    expect(malformed.where).toBe('--profile[0]');
    const target = thrownMvmError(() => expandMatrix(overrideAxes(DEFINITION, { targets: ['zedd'] }), { ids: [], has: () => true }));
    expect(target.where).toBe('--targets[0]');
  });

  it('refuses two driver profiles carrying one name', () => {
    const error = thrownMvmError(() => withDriverProfiles({ ...DEFINITION, profiles: ['horizon@src:/a,as=h', 'horizon@src:/b,as=h'] }));
    expect(error.message).toContain("two driver profiles carry the name 'h'");
  });
});
