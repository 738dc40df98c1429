/**
 * The CLI loads a command's module (and its dependencies) only when that command runs:
 * `mvmatrix --help` lists every command from `commands/index.ts` alone, and `serve` does not
 * pay for the matrix runner, undici, YAML or Handlebars.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS, commandFor } from '../../../src/cli/commands/index.js';
import type { CliIo } from '../../../src/cli/io.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BUILT = existsSync(join(ROOT, 'dist/cli/main.js'));
const io: CliIo = { env: {}, stdout: () => {}, stderr: () => {}, isTTY: false, keepAlive: () => {} };

describe('the command list', () => {
  it('lists every command module, each with the description its module registers', async () => {
    const modules = readdirSync(join(ROOT, 'src/cli/commands')).filter((f) => f.endsWith('.ts') && f !== 'index.ts');
    expect(COMMANDS.map((c) => `${c.name}.ts`).sort()).toEqual(modules.sort());
    for (const entry of COMMANDS) {
      const command = (await entry.load())(new Command('mvmatrix'), io);
      expect(command.name()).toBe(entry.name);
      expect(command.description()).toBe(entry.description);
    }
  });

  it('picks the command to load from the first argument or from help <command>', () => {
    expect(commandFor(['run', '--quiet'])?.name).toBe('run');
    expect(commandFor(['help', 'serve'])?.name).toBe('serve');
    expect(commandFor(['--help'])).toBeUndefined();
    expect(commandFor(['bogus'])).toBeUndefined();
    expect(commandFor([])).toBeUndefined();
  });
});

/** Runs the built CLI with a module-resolution hook and returns the files it loaded. */
async function loadedModules(args: readonly string[]): Promise<string[]> {
  const hook = `let port; export function initialize(data) { port = data.port; }
export async function resolve(specifier, context, next) { const r = await next(specifier, context); port.postMessage(r.url); return r; }`;
  const script = `
import { register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';
const { port1, port2 } = new MessageChannel();
const seen = [];
port1.on('message', (url) => seen.push(url));
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}), { data: { port: port2 }, transferList: [port2] });
const { main } = await import(${JSON.stringify(new URL('dist/cli/main.js', `file://${ROOT}`).href)});
const code = await main(${JSON.stringify(args)}, { env: {}, stdout: () => {}, stderr: (t) => process.stderr.write(t), isTTY: false });
if (code !== 0) throw new Error('exit code ' + code);
await new Promise((resolve) => setTimeout(resolve, 200));
port1.close();
process.stdout.write(JSON.stringify(seen));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT });
  return (JSON.parse(stdout) as string[]).map((url) => url.replace(`file://${ROOT}`, ''));
}

describe.runIf(BUILT || process.env.CI === 'true')('what the built CLI loads', () => {
  it('loads no command module and no heavy dependency for --help', async () => {
    const loaded = await loadedModules(['--help']);
    expect(loaded).toContain('dist/cli/commands/index.js');
    expect(loaded.filter((f) => f.startsWith('dist/cli/commands/') && f !== 'dist/cli/commands/index.js')).toEqual([]);
    expect(loaded.filter((f) => /node_modules\/(undici|ajv|yaml|handlebars)\//.test(f))).toEqual([]);
  });

  it('loads only serve and the emulator for serve --help: no runner, reports, undici, YAML, Handlebars or schema compiler', async () => {
    const loaded = await loadedModules(['serve', '--help']);
    expect(loaded).toContain('dist/cli/commands/serve.js');
    expect(loaded).toContain('dist/nova/validation/compiled-validators.js');
    expect(loaded.filter((f) => f.startsWith('dist/cli/commands/') && !['dist/cli/commands/index.js', 'dist/cli/commands/serve.js'].includes(f))).toEqual([]);
    // The Nova schemas come precompiled (scripts/build-validators.mjs): ajv's runtime helpers only.
    expect(loaded.filter((f) => /node_modules\/(undici|yaml|handlebars)\/|node_modules\/ajv\/dist\/(ajv|core|compile)|dist\/(matrix|reports|clients)\//.test(f))).toEqual([]);
  });

  const scratch = mkdtempSync(join(tmpdir(), 'mvm-loading-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const matrix = join(scratch, 'small.yaml');
  writeFileSync(matrix, 'version: 1\ntargets: [zed]\nprofiles: [horizon@18.6.2]\nscenarios:\n  - id: auto\n    intent: { host: auto, blockMigration: false, diskOverCommit: false }\n');
  // The compilers themselves: ajv's (its runtime helpers are fine) and Handlebars' full build (its runtime is fine).
  const COMPILERS = /node_modules\/ajv\/dist\/(ajv|core|compile)|node_modules\/handlebars\/lib\//;

  it('runs a matrix with the schema and the templates the build precompiled: no ajv or Handlebars compiler', async () => {
    const loaded = await loadedModules(['run', '--quiet', '--matrix', matrix, '--out', join(scratch, 'run')]);
    expect(loaded).toContain('dist/matrix/matrix-schema-validator.js');
    expect(loaded).toContain('dist/reports/precompiled-templates.js');
    expect(loaded.filter((f) => COMPILERS.test(f))).toEqual([]);
    expect(readdirSync(join(scratch, 'run')).sort()).toEqual(['junit.xml', 'matrix.html', 'matrix.json', 'matrix.md', 'summary.md']);
  });

  it('still compiles a --templates file, and only then loads Handlebars\' compiler', async () => {
    const templates = join(scratch, 'templates');
    rmSync(templates, { recursive: true, force: true });
    mkdirSync(templates);
    writeFileSync(join(templates, 'summary.md.hbs'), 'custom: {{md title}}\n');
    const loaded = await loadedModules(['run', '--quiet', '--matrix', matrix, '--out', join(scratch, 'custom'), '--templates', templates]);
    expect(loaded.filter((f) => /node_modules\/handlebars\/lib\//.test(f)).length).toBeGreaterThan(0);
    expect(readFileSync(join(scratch, 'custom', 'summary.md'), 'utf8')).toMatch(/^custom: \S/);
    // The built-in ones beside it render as without --templates (the run's time aside).
    const untimed = (dir: string) => readFileSync(join(scratch, dir, 'matrix.md'), 'utf8').replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '<t>');
    expect(untimed('custom')).toBe(untimed('run'));
  });
});
