/**
 * The runner's view of real client drivers: profiles whose cells real client code runs
 * (`src/drivers`). The runner makes the cell's server and hands over the intent; the driver's
 * client sends the request itself, and the exchange captured on the wire comes back to be
 * classified like any other. Types only.
 */
import type { LiveMigrationIntent } from '../clients/types.js';
import type { CellExchange } from '../matrix/classify.js';
import type { MatrixCell } from '../matrix/expand.js';
import type { DriverCellEvidence } from '../matrix/result.js';
import type { NovaEndpoint } from '../providers/provider.js';

export interface DrivenProfiles {
  owns(profile: string): boolean;
  exchange(input: DrivenCellInput): Promise<{ readonly exchange: CellExchange; readonly evidence: DriverCellEvidence }>;
}

export interface DrivenCellInput {
  readonly cell: MatrixCell;
  readonly endpoint: NovaEndpoint;
  readonly intent: LiveMigrationIntent;
  readonly serverId: string;
  readonly token: string;
}
