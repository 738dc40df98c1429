/**
 * Which real Novas the real-Nova suites run, and how: `MVMATRIX_CONFORMANCE_RELEASES` (`all`,
 * or `zed,hibiscus`: names or Debian suites) in containers; unset, Zed from the host's
 * python3-nova. Outside CI a suite skips with one line when its prerequisite is missing; in CI
 * nothing skips.
 */
import { selectDebianNovas, type DebianNova } from '../../src/providers/real-nova/debian-releases.js';
import { dockerProblem } from '../../src/providers/real-nova/images/docker.js';
import { realNovaSkipReason } from '../../src/providers/real-nova/prerequisites.js';

export interface RealNovaSelection {
  readonly novas: readonly DebianNova[];
  readonly launcher: 'host' | 'container';
  /** Why the suite skips, or undefined when it runs. */
  readonly skip: string | undefined;
}

export async function realNovaSelection(env: Readonly<Record<string, string | undefined>> = process.env): Promise<RealNovaSelection> {
  const requested = env['MVMATRIX_CONFORMANCE_RELEASES'];
  const launcher = requested === undefined ? 'host' : 'container';
  const novas = selectDebianNovas(requested ?? 'zed', 'MVMATRIX_CONFORMANCE_RELEASES');
  let skip: string | undefined;
  if (launcher === 'host') skip = await realNovaSkipReason(env);
  else if (env['CI'] !== 'true') {
    const problem = await dockerProblem();
    skip = problem ? `skipped: containers need Docker (${problem})` : undefined;
  }
  return { novas, launcher, skip };
}
