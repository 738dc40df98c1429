import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { driverLaunch, pythonDriverDirectory } from '../../../src/drivers/launch.js';
import { parseDriverProfileId } from '../../../src/clients/driver-profile-id.js';
import { ERROR_CODES } from '../../../src/errors.js';
import { thrownMvmError } from '../../support/thrown-mvm-error.js';

const checkout = mkdtempSync(join(tmpdir(), 'mvmatrix-launch-'));

describe('starting a driver', () => {
  it('runs the shipped Python driver under the chosen interpreter, writing nothing into the checkout', () => {
    const launch = driverLaunch(parseDriverProfileId(`horizon@src:${checkout},python=/usr/bin/python3,entry=api,pythonpath=${checkout}`));
    expect(launch.command).toBe('/usr/bin/python3');
    expect(launch.args).toEqual([`${pythonDriverDirectory()}mvmatrix_driver.py`, '--client', 'horizon', '--source', checkout, '--option', 'entry=api']);
    expect(launch.env).toMatchObject({ PYTHONDONTWRITEBYTECODE: '1', PYTHONPATH: checkout, NO_PROXY: expect.stringContaining('127.0.0.1') as unknown });
  });

  it('runs a driver inside a Docker image with the driver and the checkout mounted read-only, and removes the container', () => {
    const launch = driverLaunch(parseDriverProfileId(`horizon@src:${checkout},image=mvmatrix/real-nova:sid`), { MVMATRIX_CONTAINER_LABELS: 'mvmatrix.ws=drivers' });
    expect(launch.command).toBe('docker');
    const args = launch.args.join(' ');
    expect(args).toMatch(/^run --rm -i --network host --name mvmatrix-driver-\d+-\d+ --label mvmatrix.driver=true --label mvmatrix.ws=drivers /);
    expect(args).toContain(`-v ${pythonDriverDirectory().replace(/\/$/, '')}:/opt/mvmatrix/drivers:ro`);
    expect(args).toContain(`-v ${checkout}:/opt/mvmatrix/source:ro`);
    expect(args).toMatch(/mvmatrix\/real-nova:sid python3 \/opt\/mvmatrix\/drivers\/mvmatrix_driver\.py --client horizon --source \/opt\/mvmatrix\/source$/);
    expect(typeof launch.cleanup).toBe('function');
  });

  it('refuses a checkout that is not a directory, and a missing interpreter, naming the profile', () => {
    const missingDir = thrownMvmError(() => driverLaunch(parseDriverProfileId(`horizon@src:${join(checkout, 'nope')}`)));
    expect(missingDir.code).toBe(ERROR_CODES.USAGE);
    expect(missingDir.message).toContain('is not a directory');
    const missingPython = thrownMvmError(() => driverLaunch(parseDriverProfileId(`novaclient@venv:${checkout}`)));
    expect(missingPython.code).toBe(ERROR_CODES.PREREQUISITE);
    expect(missingPython.message).toContain(`interpreter ${checkout}/bin/python of driver profile 'novaclient@venv:${checkout}' is missing or not executable`);
  });
});
