import { describe, expect, it } from 'vitest';
import { isDriverProfileId, parseDriverProfileId } from '../../../src/clients/driver-profile-id.js';
import { ERROR_CODES } from '../../../src/errors.js';
import { thrownMvmError } from '../../support/thrown-mvm-error.js';

describe('driver profile ids', () => {
  it('tell driver profiles from model profiles by the word after @', () => {
    for (const id of ['horizon@src:../horizon', 'horizon@root:/r', 'novaclient@installed', 'openstacksdk@venv:.venv', 'openstackclient@image:mvmatrix/nova:sid', 'novaclient@installed,api=2.30']) {
      expect(isDriverProfileId(id), id).toBe(true);
    }
    for (const id of ['novaclient@2.30', 'novaclient@latest', 'novaclient@18.13.1', 'horizon@27.0.0', 'horizon-legacy', 'openstacksdk', 'nova@installed', 'novaclient@installedx']) {
      expect(isDriverProfileId(id), id).toBe(false);
    }
  });

  it('read where the code is and which interpreter runs it', () => {
    expect(parseDriverProfileId('novaclient@installed').code).toEqual({ kind: 'installed', python: '/usr/bin/python3' });
    expect(parseDriverProfileId('novaclient@installed:/opt/py/bin/python3').code).toEqual({ kind: 'installed', python: '/opt/py/bin/python3' });
    expect(parseDriverProfileId('openstacksdk@venv:/work/venv/').code).toEqual({ kind: 'installed', python: '/work/venv/bin/python' });
    expect(parseDriverProfileId('horizon@src:../horizon').code).toEqual({ kind: 'src', dir: '../horizon', python: '/usr/bin/python3' });
    expect(parseDriverProfileId('horizon@src:../horizon,python=.tox/py3/bin/python').code).toEqual({ kind: 'src', dir: '../horizon', python: '.tox/py3/bin/python' });
    expect(parseDriverProfileId('horizon@src:../h,image=mvmatrix/nova:sid').code).toEqual({ kind: 'image', image: 'mvmatrix/nova:sid', source: '../h' });
    expect(parseDriverProfileId('novaclient@image:mvmatrix/nova:trixie').code).toEqual({ kind: 'image', image: 'mvmatrix/nova:trixie' });
    expect(parseDriverProfileId('horizon@root:/var/tmp/mvmatrix-clients/sid').code).toEqual({ kind: 'root', root: '/var/tmp/mvmatrix-clients/sid' });
  });

  it('read options, the name cells carry, the model to check against and extra sys.path entries', () => {
    const spec = parseDriverProfileId('horizon@src:/a:b/c,entry=api,as=horizon-under-review,pythonpath=/x:/y,model=horizon-60455e5ff');
    expect(spec).toMatchObject({
      client: 'horizon',
      name: 'horizon-under-review',
      code: { kind: 'src', dir: '/a:b/c' },
      options: { entry: 'api' },
      pythonpath: ['/x', '/y'],
      model: 'horizon-60455e5ff',
    });
    expect(parseDriverProfileId('novaclient@installed,api=2.68').options).toEqual({ api: '2.68' });
    expect(parseDriverProfileId('novaclient@installed,model=none').model).toBeNull();
    expect(parseDriverProfileId('novaclient@installed').name).toBe('novaclient@installed');
  });

  it.each([
    ['nova@installed', "unknown client 'nova'"],
    ['novaclient@zip:x', "unknown code location 'zip'"],
    ['novaclient@venv:', 'venv: needs the virtualenv directory'],
    ['horizon@src:', 'src: needs the checkout directory'],
    ['novaclient@image:', 'image: needs a Docker image'],
    ['novaclient@installed,speed=fast', "unknown option 'speed'"],
    ['novaclient@installed,api=2.30,api=2.31', "option 'api' given twice"],
    ['novaclient@installed,api=3.0', 'api must be 2.<n> or latest'],
    ['openstacksdk@installed,api=2.30', "openstacksdk takes no 'api' option"],
    ['horizon@installed,entry=menu', 'entry must be form or api'],
    ['novaclient@installed,entry=form', "novaclient takes no 'entry' option"],
    ['horizon@src:x,python=/p,image=i', 'choose python= or image=, not both'],
    ['novaclient@installed,image=i', 'image= goes with src:'],
    ['novaclient@installed:/p,python=/q', 'give the interpreter once'],
    ['novaclient@venv:v,python=/q', 'venv: brings its own interpreter'],
    ['novaclient@root:', 'root: needs the directory of a Debian root'],
    ['novaclient@root:/r,python=/p', "root: runs the root's /usr/bin/python3"],
    ['novaclient@installed|x', "'|' separates the parts of a cell id"],
    ['novaclient@installed,as=', "option 'as' has no value"],
  ])('reject %s, saying what is wrong', (id, message) => {
    const error = thrownMvmError(() => parseDriverProfileId(id));
    expect(error.code).toBe(ERROR_CODES.UNKNOWN_PROFILE);
    expect(error.message).toContain(`driver profile '${id}'`);
    expect(error.message).toContain(message);
    expect(error.hint).toBeTruthy();
  });
});

describe('the profile registry', () => {
  it('tells a driver profile from a model and says where it runs', async () => {
    const { getProfile } = await import('../../../src/clients/index.js');
    const error = thrownMvmError(() => getProfile('horizon@src:../horizon'));
    expect(error.code).toBe(ERROR_CODES.UNKNOWN_PROFILE);
    expect(error.message).toContain("'horizon@src:../horizon' is a real-client driver profile, not a model");
    expect(error.hint).toContain('mvmatrix run --profile horizon@src:../horizon');
  });
});
