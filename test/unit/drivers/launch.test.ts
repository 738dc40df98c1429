import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
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

  it('runs a driver inside a Debian root with chroot, copying the driver in for each process and out again', () => {
    const root = mkdtempSync(join(tmpdir(), 'mvmatrix-root-'));
    mkdirSync(join(root, 'usr/bin'), { recursive: true });
    writeFileSync(join(root, 'usr/bin/python3'), '');
    mkdirSync(join(root, 'tmp'));
    const spec = parseDriverProfileId(`novaclient@root:${root},api=2.30`);
    if (process.getuid?.() !== 0) {
      expect(thrownMvmError(() => driverLaunch(spec)).message).toContain('with chroot, which needs root');
      return;
    }
    const launch = driverLaunch(spec);
    expect(launch.command).toBe('chroot');
    expect(launch.args.slice(0, 2)).toEqual([root, '/usr/bin/python3']);
    const inRoot = launch.args[2]!.replace(/\/mvmatrix_driver\.py$/, '');
    expect(launch.args.slice(3)).toEqual(['--client', 'novaclient', '--option', 'api=2.30']);
    launch.prepare!();
    expect(readdirSync(join(root, inRoot))).toEqual(expect.arrayContaining(['mvmatrix_driver.py', 'mvmatrix_drivers']));
    launch.cleanup!();
    expect(readdirSync(join(root, 'tmp'))).toEqual([]);
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
