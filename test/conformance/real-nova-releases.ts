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

export interface SelectionOptions {
  /** The variable naming the releases (default `MVMATRIX_CONFORMANCE_RELEASES`). */
  readonly variable?: string;
  /** Why the host launcher cannot run the suite (default: python3-nova missing). */
  readonly hostSkipReason?: (env: Readonly<Record<string, string | undefined>>) => Promise<string | undefined>;
}

export async function realNovaSelection(env: Readonly<Record<string, string | undefined>> = process.env, options: SelectionOptions = {}): Promise<RealNovaSelection> {
  const variable = options.variable ?? 'MVMATRIX_CONFORMANCE_RELEASES';
  const requested = env[variable];
  const launcher = requested === undefined ? 'host' : 'container';
  const novas = selectDebianNovas(requested ?? 'zed', variable);
  let skip: string | undefined;
  if (launcher === 'host') skip = await (options.hostSkipReason ?? realNovaSkipReason)(env);
  else if (env['CI'] !== 'true') {
    const problem = await dockerProblem();
    skip = problem ? `skipped: containers need Docker (${problem})` : undefined;
  }
  return { novas, launcher, skip };
}
