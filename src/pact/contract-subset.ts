/**
 * The contract subset: the cells of an expanded matrix that its `contract:` section selects
 * (targets × profiles × scenarios), in expansion order. Pure.
 */
import { isMvmError } from '../errors.js';
import { matrixError, type TargetSpec } from '../matrix/definition.js';
import { expandTargets, type ExpandedMatrix, type MatrixCell } from '../matrix/expand.js';
import { providerName } from './names.js';

function checkSubset(expanded: ExpandedMatrix, path: string, chosen: 'all' | readonly string[], known: readonly string[], what: string): Set<string> {
  if (chosen === 'all') return new Set(known);
  chosen.forEach((id, i) => {
    if (!known.includes(id)) throw matrixError(expanded.definition, `${path}/${i}`, `the contract names ${what} '${id}', which the matrix does not have`, `the matrix's ${what}s: ${known.join(', ')}`);
  });
  return new Set(chosen);
}

function contractTargets(expanded: ExpandedMatrix, specs: readonly TargetSpec[]): Set<string> {
  const matrixTargets = new Set(expanded.targets.map((t) => t.id));
  const ids = new Set<string>();
  for (const spec of specs) {
    let targets;
    try {
      targets = expandTargets({ ...expanded.definition, targets: [spec] });
    } catch (error) {
      if (isMvmError(error)) throw matrixError(expanded.definition, spec.path, error.message, error.hint);
      throw error;
    }
    for (const target of targets) {
      if (!matrixTargets.has(target.id)) {
        throw matrixError(expanded.definition, spec.path, `contract target '${target.id}' is not a target of the matrix`, 'a contract can only select cells the matrix runs: add the target to `targets:` or remove it here');
      }
      ids.add(target.id);
    }
  }
  return ids;
}

/**
 * The cells `mvmatrix pact` turns into interactions. A matrix without a `contract:` section is
 * an INVALID_MATRIX error saying how to add one.
 */
export function selectContractCells(expanded: ExpandedMatrix): MatrixCell[] {
  const { definition } = expanded;
  const contract = definition.contract;
  if (!contract) {
    throw matrixError(definition, '/contract', 'the matrix has no `contract:` section, so it selects no Pact interactions', 'add e.g. `contract: { targets: [zed, "2.30"] }` (docs/pact.md)');
  }
  const targets = contractTargets(expanded, contract.targets);
  const profiles = checkSubset(expanded, '/contract/profiles', contract.profiles, expanded.profiles, 'profile');
  const scenarios = checkSubset(expanded, '/contract/scenarios', contract.scenarios, definition.scenarios.map((s) => s.id), 'scenario');
  return expanded.cells.filter((cell) => targets.has(cell.target.id) && profiles.has(cell.profile) && scenarios.has(cell.scenario.id));
}

/**
 * The pact providers the matrix's `contract:` section names (`nova-zed`, `nova-max-2.30`): a
 * verification source serving one of them must find pacts for it. Empty without a section.
 */
export function contractProviders(expanded: ExpandedMatrix): Set<string> {
  const contract = expanded.definition.contract;
  if (!contract) return new Set();
  return new Set([...contractTargets(expanded, contract.targets)].map(providerName));
}
