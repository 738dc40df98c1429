/**
 * What the user asks for in a cell: the scenario's intent with the named destination resolved
 * to a concrete host of the world. Pure.
 */
import type { LiveMigrationIntent } from '../clients/types.js';
import type { Destination, Scenario } from './definition.js';

/** Host names of the default world for each kind of destination (see `src/nova/world.ts`). */
export const DEFAULT_DESTINATIONS: Readonly<Record<Destination, string>> = {
  healthy: 'compute-02',
  'pre-checks-fail': 'compute-03',
  'service-down': 'compute-04',
  unknown: 'compute-99',
};

/** What the user asks for in a scenario, with the named host resolved to a concrete host. */
export function intentFor(scenario: Scenario, destinations: Readonly<Record<Destination, string>>): LiveMigrationIntent {
  const { intent, world } = scenario;
  return {
    host: intent.host === 'auto' ? null : destinations[world.destination],
    blockMigration: intent.blockMigration,
    diskOverCommit: intent.diskOverCommit,
    ...(intent.force === undefined ? {} : { force: intent.force }),
  };
}
