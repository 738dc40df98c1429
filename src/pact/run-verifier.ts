/**
 * Runs Pact's verifier for one job in a child process (`verify-worker.ts`) and returns its
 * JSON. The worker is the compiled `dist/pact/verify-worker.js` (from TypeScript sources, the
 * build's copy is used). An adapter.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ERROR_CODES, MvmError } from '../errors.js';
import type { VerifyJob, VerifyJobResult } from './verify-worker.js';

const BESIDE = fileURLToPath(new URL('./verify-worker.js', import.meta.url));
const BUILT = fileURLToPath(new URL('../../dist/pact/verify-worker.js', import.meta.url));

function workerFile(): string {
  if (existsSync(BESIDE)) return BESIDE;
  if (existsSync(BUILT)) return BUILT;
  throw new MvmError(ERROR_CODES.PREREQUISITE, 'the Pact verifier worker (dist/pact/verify-worker.js) is not built', { hint: 'run `npm run build`' });
}

const OUTPUT_TAIL = 4_000;

/** Verifies `job.pactFiles` (minus `resultFile`, which this function owns) and returns Pact's JSON text. */
export async function runVerifier(job: Omit<VerifyJob, 'resultFile'>): Promise<string> {
  const worker = workerFile();
  const dir = await mkdtemp(join(tmpdir(), 'mvmatrix-verify-'));
  try {
    const jobFile = join(dir, 'job.json');
    const resultFile = join(dir, 'result.json');
    await writeFile(jobFile, JSON.stringify({ ...job, resultFile } satisfies VerifyJob));
    let output = '';
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, [worker, jobFile], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PACT_DO_NOT_TRACK: 'true' } });
      const keep = (chunk: Buffer) => {
        output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL);
      };
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
      child.once('error', reject);
      child.once('close', resolve);
    });
    let result: VerifyJobResult | undefined;
    try {
      result = JSON.parse(await readFile(resultFile, 'utf8')) as VerifyJobResult;
    } catch {
      result = undefined;
    }
    if (!result || result.pactJson === null) {
      throw new MvmError(ERROR_CODES.PROVIDER, `the Pact verifier did not run (exit ${code}): ${result?.error ?? 'no result'}`, {
        hint: output.trim() === '' ? undefined : `its last output: ${output.trim().split('\n').slice(-8).join(' | ')}`,
      });
    }
    return result.pactJson;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
