/**
 * The composite action never uploads a secret (issue #14, case 5): the token reaches mvmatrix
 * only through the environment, and the reports are searched for it before the upload, which
 * runs only when the search found nothing. The search step's own script is run here.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile, mkdir } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

interface Step {
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
}

const action = parse(readFileSync(fileURLToPath(new URL('../../../.github/actions/mvmatrix/action.yml', import.meta.url)), 'utf8')) as { runs: { steps: Step[] } };
const steps = action.runs.steps;
const sweep = steps.find((s) => s.id === 'sweep')!;

/** Runs the sweep step's script on `out` with `token`; returns its exit code and outputs. */
async function runSweep(out: string, token: string): Promise<{ code: number; outputs: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'mvmatrix-action-'));
  const outputs = join(dir, 'github-output');
  await writeFile(outputs, '');
  let code = 0;
  try {
    execFileSync('bash', ['-c', sweep.run!], { env: { PATH: process.env['PATH'], MVM_TOKEN: token, MVM_OUT: out, GITHUB_OUTPUT: outputs }, stdio: 'pipe' });
  } catch (error) {
    code = (error as { status: number }).status;
  }
  return { code, outputs: await readFile(outputs, 'utf8') };
}

async function reports(content: string): Promise<string> {
  const out = join(await mkdtemp(join(tmpdir(), 'mvmatrix-action-out-')), 'reports');
  await mkdir(join(out, 'sub'), { recursive: true });
  await writeFile(join(out, 'matrix.json'), '{"x-auth-token": "<redacted>"}\n');
  await writeFile(join(out, 'sub', 'summary.md'), content);
  return out;
}

describe('the composite action and the token', () => {
  it('hands the token to mvmatrix through $MVMATRIX_TOKEN, never as an argument', () => {
    const run = steps.find((s) => s.id === 'run')!;
    expect(run.env?.['MVMATRIX_TOKEN']).toBe('${{ inputs.token }}');
    expect(run.run).not.toMatch(/--token/);
  });

  it('uploads only after the search found the reports clean', () => {
    const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))!;
    expect(steps.indexOf(sweep)).toBeLessThan(steps.indexOf(upload));
    expect(sweep.if).toBe('always()');
    expect(upload.if).toBe("always() && steps.sweep.outputs.safe == 'true'");
  });

  it('finds a leaked token, or the project part of a user:project token, and refuses the upload', async () => {
    const leaked = await runSweep(await reports('called with admin:s3cr3t-PROJECT\n'), 'admin:s3cr3t-PROJECT');
    expect(leaked).toEqual({ code: 1, outputs: 'safe=false\n' });
    const project = await runSweep(await reports('project s3cr3t-PROJECT\n'), 'admin:s3cr3t-PROJECT');
    expect(project).toEqual({ code: 1, outputs: 'safe=false\n' });
  });

  it('lets clean reports, and runs without a token, through', async () => {
    expect(await runSweep(await reports('all clean\n'), 'admin:s3cr3t-PROJECT')).toEqual({ code: 0, outputs: 'safe=true\n' });
    expect(await runSweep(await reports('admin:anything\n'), '')).toEqual({ code: 0, outputs: 'safe=true\n' });
  });
});
