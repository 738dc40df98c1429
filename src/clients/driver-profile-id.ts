/**
 * Driver profile ids: a client, then which of its real code to run. Pure.
 *
 *   <client>@<code>[,<key>=<value>]…
 *   client  horizon | novaclient | openstacksdk | openstackclient
 *   code    installed            the package installed for /usr/bin/python3
 *           installed:<python>   the package installed for that interpreter
 *           venv:<dir>           the package in a virtualenv (= installed:<dir>/bin/python)
 *           src:<dir>            a source checkout (or an unpacked package), first on sys.path
 *           image:<image>        the package inside a Docker image (its python3)
 *           root:<dir>           the package inside a Debian root, entered with chroot (its /usr/bin/python3)
 *   keys    python=<exe>         interpreter for src: (default /usr/bin/python3)
 *           image=<image>        run src: inside this image, the checkout mounted read-only
 *           pythonpath=<d>[:<d>] more directories on sys.path, after the checkout
 *           api=<2.x>|latest     novaclient (default latest), openstackclient (default: OSC's own)
 *           entry=form|api       horizon: LiveMigrateForm.handle (default) or api.nova.server_live_migrate
 *           workers=<n>          driver processes for this profile (default 1), cells shared between them
 *           as=<name>            the name cells carry (e.g. the same for two checkouts gated against each other)
 *           model=<id>|none      the model profile its requests are checked against (default: the
 *                                model of the same client version, when there is one)
 *
 * A model profile names a version (`novaclient@18.13.1`, `novaclient@2.30`); a driver profile
 * names where the code is. The two never overlap: a driver's `@` part starts with one of the
 * code words above.
 */
import { ERROR_CODES, MvmError } from '../errors.js';

export const DRIVER_CLIENTS = ['horizon', 'novaclient', 'openstacksdk', 'openstackclient'] as const;
export type DriverClient = (typeof DRIVER_CLIENTS)[number];

export const DEFAULT_PYTHON = '/usr/bin/python3';
/** Driver processes per profile unless `workers=` says otherwise. */
export const DEFAULT_WORKERS = 1;

export type DriverCode =
  | { readonly kind: 'installed'; readonly python: string }
  | { readonly kind: 'src'; readonly dir: string; readonly python: string }
  | { readonly kind: 'image'; readonly image: string; readonly source?: string }
  | { readonly kind: 'root'; readonly root: string };

export interface DriverProfileSpec {
  /** The id as written. */
  readonly id: string;
  /** What cells carry: `as=` or the id. */
  readonly name: string;
  readonly client: DriverClient;
  readonly code: DriverCode;
  /** Client options passed to the driver (`api`, `entry`). */
  readonly options: Readonly<Record<string, string>>;
  /** Driver processes to run (`workers=`, default 1): every one runs the same code. */
  readonly workers: number;
  /** `model=`: the model profile to check against; `null` = none; absent = the same client version's. */
  readonly model?: string | null;
  readonly pythonpath: readonly string[];
}

const CODE_WORD = /^(installed|venv|src|image|root)(?::|$|,)/;
const KEYS = new Set(['python', 'image', 'pythonpath', 'api', 'entry', 'workers', 'as', 'model']);
const CLIENT_OPTIONS: Readonly<Record<DriverClient, readonly string[]>> = {
  horizon: ['entry'],
  novaclient: ['api'],
  openstacksdk: [],
  openstackclient: ['api'],
};
const API_VERSION = /^2\.(0|[1-9]\d*)$/;

/** True when `id` is a driver profile id (whether or not it is valid). */
export function isDriverProfileId(id: string): boolean {
  const at = id.indexOf('@');
  if (at <= 0) return false;
  return (DRIVER_CLIENTS as readonly string[]).includes(id.slice(0, at)) && CODE_WORD.test(id.slice(at + 1));
}

function bad(id: string, message: string, hint?: string): MvmError {
  return new MvmError(ERROR_CODES.UNKNOWN_PROFILE, `driver profile '${id}': ${message}`, {
    where: id,
    hint: hint ?? 'write <client>@installed, @installed:<python>, @venv:<dir>, @src:<dir>, @image:<image> or @root:<dir>, then ,key=value options (docs/drivers.md)',
  });
}

/**
 * Splits `<code>[,key=value]…`: values may contain `:` and `/`; a comma starts the next key
 * only when `<word>=` follows it.
 */
function splitOptions(rest: string): { code: string; pairs: Array<[string, string]> } {
  const parts = rest.split(/,(?=[a-z]+=)/);
  const code = parts.shift() ?? '';
  return { code, pairs: parts.map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)] as [string, string]) };
}

/** Parses a driver profile id; throws UNKNOWN_PROFILE (exit 2) saying what is wrong. */
export function parseDriverProfileId(id: string): DriverProfileSpec {
  if (id.includes('|')) throw bad(id, "'|' separates the parts of a cell id and cannot appear in a profile");
  const at = id.indexOf('@');
  const client = id.slice(0, at);
  if (at <= 0 || !(DRIVER_CLIENTS as readonly string[]).includes(client)) {
    throw bad(id, `unknown client '${at > 0 ? client : id}'`, `clients with a driver: ${DRIVER_CLIENTS.join(', ')}`);
  }
  const { code: codeText, pairs } = splitOptions(id.slice(at + 1));
  const keys = new Map<string, string>();
  for (const [key, value] of pairs) {
    if (!KEYS.has(key)) throw bad(id, `unknown option '${key}'`, `options: ${[...KEYS].join(', ')}`);
    if (keys.has(key)) throw bad(id, `option '${key}' given twice`);
    if (value === '') throw bad(id, `option '${key}' has no value`);
    keys.set(key, value);
  }
  const colon = codeText.indexOf(':');
  const word = colon < 0 ? codeText : codeText.slice(0, colon);
  const arg = colon < 0 ? '' : codeText.slice(colon + 1);
  const python = keys.get('python');
  const image = keys.get('image');
  let code: DriverCode;
  switch (word) {
    case 'installed':
      if (image !== undefined) throw bad(id, 'image= goes with src:; for the package installed in an image write image:<image>');
      if (arg !== '' && python !== undefined) throw bad(id, 'give the interpreter once: installed:<python> or python=<python>');
      code = { kind: 'installed', python: arg || python || DEFAULT_PYTHON };
      break;
    case 'venv':
      if (arg === '') throw bad(id, 'venv: needs the virtualenv directory, e.g. novaclient@venv:.venv');
      if (python !== undefined || image !== undefined) throw bad(id, 'venv: brings its own interpreter; drop python=/image=');
      code = { kind: 'installed', python: `${arg.replace(/\/+$/, '')}/bin/python` };
      break;
    case 'src':
      if (arg === '') throw bad(id, 'src: needs the checkout directory, e.g. horizon@src:../horizon');
      if (python !== undefined && image !== undefined) throw bad(id, 'choose python= or image=, not both');
      code = image !== undefined ? { kind: 'image', image, source: arg } : { kind: 'src', dir: arg, python: python ?? DEFAULT_PYTHON };
      break;
    case 'image':
      if (arg === '') throw bad(id, 'image: needs a Docker image, e.g. novaclient@image:mvmatrix/nova:sid');
      if (python !== undefined || image !== undefined) throw bad(id, 'image: runs the image\'s python3; drop python=/image=');
      code = { kind: 'image', image: arg };
      break;
    case 'root':
      if (arg === '') throw bad(id, 'root: needs the directory of a Debian root, e.g. novaclient@root:/var/tmp/mvmatrix-clients/sid');
      if (python !== undefined || image !== undefined) throw bad(id, "root: runs the root's /usr/bin/python3; drop python=/image=");
      code = { kind: 'root', root: arg };
      break;
    default:
      throw bad(id, `unknown code location '${word}'`);
  }
  const options: Record<string, string> = {};
  for (const key of ['api', 'entry']) {
    const value = keys.get(key);
    if (value === undefined) continue;
    if (!CLIENT_OPTIONS[client as DriverClient].includes(key)) throw bad(id, `${client} takes no '${key}' option`);
    if (key === 'api' && value !== 'latest' && !API_VERSION.test(value)) throw bad(id, `api must be 2.<n> or latest (got '${value}')`);
    if (key === 'entry' && value !== 'form' && value !== 'api') throw bad(id, `entry must be form or api (got '${value}')`);
    options[key] = value;
  }
  const name = keys.get('as') ?? id;
  const model = keys.get('model');
  const workersText = keys.get('workers') ?? String(DEFAULT_WORKERS);
  const workers = Number(workersText);
  if (!/^[1-9]\d*$/.test(workersText) || workers > 16) throw bad(id, `workers must be a whole number from 1 to 16 (got '${workersText}')`);
  return {
    id,
    name,
    client: client as DriverClient,
    code,
    options,
    pythonpath: (keys.get('pythonpath') ?? '').split(':').filter((d) => d !== ''),
    workers,
    ...(model === undefined ? {} : { model: model === 'none' ? null : model }),
  };
}
