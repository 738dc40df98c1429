/**
 * `mvmatrix can-i-deploy --consumer horizon@27.0.0 --to zed`: Pact's question without a
 * broker, answered from `mvmatrix verify`'s results. Exit codes: 0 yes, 1 no (the blocking
 * interactions are listed), 2 bad flags, an unknown consumer or target, or no results file.
 */
import type { Command } from 'commander';
import { getProfile } from '../../clients/index.js';
import { ERROR_CODES, MvmError } from '../../errors.js';
import { resolveTarget } from '../../nova/target.js';
import { canIDeploy, consumersOf } from '../../pact/can-i-deploy.js';
import { consumerName, providerName } from '../../pact/names.js';
import { readVerificationSummary } from '../../pact/read-summary.js';
import type { VerificationSummary } from '../../pact/verification-summary.js';
import type { CliIo } from '../io.js';

interface CanIDeployFlags {
  consumer: string;
  to: string;
  results: string;
}

/** `zed`, `2.30`, `zed@2.60` → the provider name; a provider name (`nova-zed`) as is. */
function providerFor(to: string): string {
  if (to.startsWith('nova-')) return to;
  return providerName(resolveTarget(to, '--to').id);
}

/**
 * The consumer name `--consumer` means: itself when the results know it, else the pact name of
 * the profile it resolves to (`horizon-60455e5ff` → `horizon@27.0.0`), else itself (and the
 * "unknown consumer" message lists the known ones).
 */
function consumerFor(given: string, summary: VerificationSummary): string {
  if (summary.results.some((r) => r.consumer === given)) return given;
  try {
    return consumerName(getProfile(given));
  } catch {
    return given;
  }
}

async function run(flags: CanIDeployFlags, io: CliIo): Promise<void> {
  const provider = providerFor(flags.to);
  const summary = await readVerificationSummary(flags.results);
  const answer = canIDeploy(summary, consumerFor(flags.consumer, summary), provider);
  if (answer.verified === 0 && answer.blocking.length === 0) {
    const known = consumersOf(summary, provider);
    throw new MvmError(ERROR_CODES.USAGE, `no verification results for ${flags.consumer} → ${provider}`, {
      where: '--consumer',
      hint: known.length > 0 ? `consumers verified against ${provider}: ${known.join(', ')}` : `nothing was verified against ${provider}: is it in the contract subset?`,
    });
  }
  const sources = answer.sources.join(', ');
  const driftNote = () => {
    if (answer.drift.length === 0) return;
    io.stdout(`note: ${answer.drift.length} verified interaction(s) drift in the matrix (accepted, but Nova does something other than the user asked; Pact cannot see this, see docs/pact.md):\n`);
    for (const d of answer.drift) io.stdout(`  ~ ${d}\n`);
  };
  if (answer.deployable) {
    io.stdout(`yes: ${answer.consumer} can be deployed with ${answer.provider}: all ${answer.verified} interactions verified (${sources})\n`);
    driftNote();
    return;
  }
  io.stdout(`no: ${answer.consumer} cannot be deployed with ${answer.provider}: ${answer.blocking.length} blocking interaction(s), ${answer.verified} verified (${sources})\n`);
  for (const b of answer.blocking) io.stdout(`  - ${b.description}${b.pending ? ' (pending)' : ''}: ${b.why}\n`);
  driftNote();
  throw new MvmError(ERROR_CODES.GATE_FAILED, `${answer.consumer} cannot be deployed with ${answer.provider}`, {
    hint: 'the interactions above fail verification; see reports/pact/verification.json',
  });
}

export function registerCanIDeploy(program: Command, io: CliIo): Command {
  return program
    .command('can-i-deploy')
    .description('Can this client version meet this Nova? Answered from local Pact verification results (no broker)')
    .requiredOption('--consumer <name>', 'the consumer as its pacts name it, e.g. horizon@27.0.0 or horizon-60455e5ff')
    .requiredOption('--to <target>', 'the Nova: a release (zed), a maximum microversion (2.30), release@cap, or a provider name (nova-zed)')
    .option('--results <file>', 'verification summary written by `mvmatrix verify`', 'reports/pact/verification.json')
    .action(async (flags: CanIDeployFlags) => run(flags, io));
}
