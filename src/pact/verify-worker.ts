/**
 * Child-process entry of `mvmatrix verify`: runs Pact's own verifier (pact-core `verifyPacts`,
 * the Rust verifier through the FFI: it sends each interaction's request as the pact holds it)
 * for one job and writes Pact's JSON results to a file. A child process because the Rust
 * verifier prints its report to the process's stdout, and so that jobs can run side by side.
 *
 * Usage: `node verify-worker.js <job.json>`; the job is a {@link VerifyJob}. An adapter.
 */
import { readFile, writeFile } from 'node:fs/promises';

export interface VerifyJob {
  readonly pactFiles: readonly string[];
  readonly providerBaseUrl: string;
  readonly stateUrl: string;
  /** Where to write the {@link VerifyJobResult}. */
  readonly resultFile: string;
  /** Per-request timeout in ms. */
  readonly timeoutMs: number;
  /** Only interactions whose description matches this regex (Pact's `PACT_DESCRIPTION` filter). */
  readonly descriptionFilter?: string;
}

export interface VerifyJobResult {
  /** Pact's verification JSON (`pactffi_verifier_json`), or null when the verifier could not run. */
  readonly pactJson: string | null;
  /** Why the verifier could not run. */
  readonly error: string | null;
}

async function main(jobFile: string): Promise<void> {
  const job = JSON.parse(await readFile(jobFile, 'utf8')) as VerifyJob;
  process.env['PACT_DO_NOT_TRACK'] ??= 'true';
  if (job.descriptionFilter !== undefined) process.env['PACT_DESCRIPTION'] = job.descriptionFilter;
  const { Verifier } = await import('@pact-foundation/pact-core');
  let result: VerifyJobResult;
  try {
    const json = await new Verifier({
      providerBaseUrl: job.providerBaseUrl,
      pactUrls: [...job.pactFiles],
      providerStatesSetupUrl: job.stateUrl,
      providerStatesSetupTeardown: false,
      providerStatesSetupBody: true,
      timeout: job.timeoutMs,
      logLevel: 'error',
    }).verify();
    result = { pactJson: String(json), error: null };
  } catch (error) {
    // A failed verification rejects with Pact's JSON as the message; anything else is an error.
    const message = error instanceof Error ? error.message : String(error);
    result = message.trimStart().startsWith('{') ? { pactJson: message, error: null } : { pactJson: null, error: message };
  }
  await writeFile(job.resultFile, JSON.stringify(result));
}

const jobFile = process.argv[2];
if (jobFile) {
  main(jobFile).catch((error: unknown) => {
    process.stderr.write(`verify worker: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 3;
  });
}
