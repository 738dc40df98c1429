/**
 * How a driver profile's process is started: the shipped Python driver under an interpreter
 * the user points at, or inside a Docker image with the driver (and a checkout) mounted
 * read-only. Checks what it can before anything starts, so a wrong path is a clear error.
 */
import { accessSync, constants, cpSync, existsSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ERROR_CODES, MvmError } from '../errors.js';
import { removeContainerSync, type DriverLaunch } from './driver-children.js';
import type { DriverProfileSpec } from '../clients/driver-profile-id.js';

/** Folder of the Python drivers; the same relative path works from `src/` and `dist/`. */
export function pythonDriverDirectory(): string {
  return fileURLToPath(new URL('../../src/drivers/python/', import.meta.url));
}

const IN_IMAGE_DRIVERS = '/opt/mvmatrix/drivers';
const IN_IMAGE_SOURCE = '/opt/mvmatrix/source';
let containerCounter = 0;

function existingDirectory(spec: DriverProfileSpec, dir: string, what: string): string {
  const absolute = resolve(dir);
  let ok = false;
  try {
    ok = statSync(absolute).isDirectory();
  } catch {
    ok = false;
  }
  if (!ok) {
    throw new MvmError(ERROR_CODES.USAGE, `${what} ${absolute} of driver profile '${spec.id}' is not a directory`, {
      where: spec.id,
      hint: 'paths are relative to the current directory',
    });
  }
  return absolute;
}

function executable(spec: DriverProfileSpec, python: string): string {
  const path = python.includes('/') ? resolve(python) : python;
  if (path.includes('/')) {
    try {
      accessSync(path, constants.X_OK);
    } catch {
      throw new MvmError(ERROR_CODES.PREREQUISITE, `interpreter ${path} of driver profile '${spec.id}' is missing or not executable`, {
        where: spec.id,
        hint: 'point installed:/python= at a python3 executable, or venv: at a virtualenv directory',
      });
    }
  }
  return path;
}

function driverArgs(spec: DriverProfileSpec, script: string, source: string | undefined): string[] {
  const args = [script, '--client', spec.client];
  if (source !== undefined) args.push('--source', source);
  for (const [key, value] of Object.entries(spec.options)) args.push('--option', `${key}=${value}`);
  return args;
}

/** Extra labels for driver containers, from `MVMATRIX_CONTAINER_LABELS` (`k=v,k=v`). */
function extraLabels(env: NodeJS.ProcessEnv): string[] {
  const raw = env['MVMATRIX_CONTAINER_LABELS'] ?? '';
  return raw
    .split(',')
    .filter((pair) => pair.includes('='))
    .flatMap((pair) => ['--label', pair]);
}

/** The process to start for `spec`; throws USAGE/PREREQUISITE for paths that cannot work. */
export function driverLaunch(spec: DriverProfileSpec, env: NodeJS.ProcessEnv = process.env): DriverLaunch {
  const drivers = pythonDriverDirectory();
  const pythonpath = spec.pythonpath.map((d) => existingDirectory(spec, d, 'pythonpath directory'));
  // The client talks to the capturing proxy on 127.0.0.1: never through an HTTP proxy from the environment.
  const noProxy = [env['NO_PROXY'] ?? env['no_proxy'], '127.0.0.1,localhost'].filter((v) => v !== undefined && v !== '').join(',');
  const base = {
    PYTHONDONTWRITEBYTECODE: '1', // never write into the user's checkout
    PYTHONIOENCODING: 'utf-8',
    NO_PROXY: noProxy,
    no_proxy: noProxy,
  };
  switch (spec.code.kind) {
    case 'installed':
    case 'src': {
      const python = executable(spec, spec.code.python);
      const source = spec.code.kind === 'src' ? existingDirectory(spec, spec.code.dir, 'checkout') : undefined;
      const env: Record<string, string> = { ...base };
      if (pythonpath.length > 0) env['PYTHONPATH'] = pythonpath.join(':');
      return {
        command: python,
        args: driverArgs(spec, `${drivers}mvmatrix_driver.py`, source),
        env,
        describe: `${spec.client} driver '${spec.name}' (${python}${source ? `, ${source}` : ''})`,
      };
    }
    case 'root': {
      const root = existingDirectory(spec, spec.code.root, 'Debian root');
      if (!existsSync(join(root, 'usr/bin/python3'))) {
        throw new MvmError(ERROR_CODES.PREREQUISITE, `${root} of driver profile '${spec.id}' has no usr/bin/python3: not a Debian root with Python`, { where: spec.id });
      }
      if (process.getuid?.() !== 0) {
        throw new MvmError(ERROR_CODES.PREREQUISITE, `driver profile '${spec.id}' enters ${root} with chroot, which needs root`, { where: spec.id, hint: 'run as root, or use image:<image>' });
      }
      // The driver is copied into the root for each process (chroot cannot see this package).
      const inRoot = `/tmp/mvmatrix-driver-${process.pid}-${++containerCounter}`;
      const env: Record<string, string> = { ...base };
      if (pythonpath.length > 0) throw new MvmError(ERROR_CODES.USAGE, `pythonpath= cannot reach into the root of driver profile '${spec.id}'`, { where: spec.id });
      return {
        command: 'chroot',
        args: [root, '/usr/bin/python3', ...driverArgs(spec, `${inRoot}/mvmatrix_driver.py`, undefined)],
        env,
        describe: `${spec.client} driver '${spec.name}' (chroot ${root})`,
        prepare: () => cpSync(drivers, join(root, inRoot), { recursive: true }),
        cleanup: () => rmSync(join(root, inRoot), { recursive: true, force: true }),
      };
    }
    case 'image': {
      const source = spec.code.source === undefined ? undefined : existingDirectory(spec, spec.code.source, 'checkout');
      const name = `mvmatrix-driver-${process.pid}-${++containerCounter}`;
      const args = ['run', '--rm', '-i', '--network', 'host', '--name', name, '--label', 'mvmatrix.driver=true', ...extraLabels(env)];
      for (const [name, value] of Object.entries(base)) args.push('-e', `${name}=${value}`);
      args.push('-v', `${drivers.replace(/\/$/, '')}:${IN_IMAGE_DRIVERS}:ro`);
      if (source !== undefined) args.push('-v', `${source}:${IN_IMAGE_SOURCE}:ro`);
      pythonpath.forEach((dir, i) => args.push('-v', `${dir}:/opt/mvmatrix/pythonpath/${i}:ro`));
      if (pythonpath.length > 0) args.push('-e', `PYTHONPATH=${pythonpath.map((_, i) => `/opt/mvmatrix/pythonpath/${i}`).join(':')}`);
      args.push(spec.code.image, 'python3', ...driverArgs(spec, `${IN_IMAGE_DRIVERS}/mvmatrix_driver.py`, source === undefined ? undefined : IN_IMAGE_SOURCE));
      return {
        command: env['MVMATRIX_DOCKER'] ?? 'docker',
        args,
        describe: `${spec.client} driver '${spec.name}' (image ${spec.code.image}${source ? `, ${source}` : ''})`,
        cleanup: () => removeContainerSync(name),
      };
    }
  }
}
