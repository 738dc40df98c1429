/**
 * mvmatrix's public API. Named exports only; everything else is internal.
 */

// Errors
export { MvmError, ERROR_CODES, EXIT_CODES, exitCodeFor, isMvmError } from './errors.js';
export type { ErrorCode, MvmErrorOptions } from './errors.js';
export { VERSION } from './version.js';

// Microversions and releases
export {
  parseMicroversion,
  tryParseMicroversion,
  formatMicroversion,
  compareMicroversions,
  isWithin,
  mv,
  MIN_MICROVERSION,
  NEWEST_MICROVERSION,
} from './microversion/version.js';
export type { Microversion } from './microversion/version.js';
export {
  readRequestedMicroversion,
  negotiateMicroversion,
  microversionResponseHeaders,
  microversionRequestHeaders,
} from './microversion/headers.js';
export type { RequestedMicroversion, MicroversionNegotiation } from './microversion/headers.js';
export { NOVA_RELEASES, findRelease, getRelease, firstReleaseSupporting, describeRelease } from './microversion/releases.js';
export type { NovaRelease } from './microversion/releases.js';
export { resolveTarget, releaseTarget, maxVersionTarget, describeTarget } from './nova/target.js';
export type { NovaTarget } from './nova/target.js';

// What Nova does with a request (one model, shared by emulator and classifier)
export { interpretMigrateLive } from './nova/live-migration.js';
export { decideLiveMigration } from './nova/live-migration-decision.js';
export { MIGRATE_LIVE_BANDS, LIVE_MIGRATION_SWITCHES, resolveMigrateLiveBand, hasSwitch } from './nova/bands.js';
export type { MigrateLiveAction, HostHandling, MigrateLiveBandId, NovaFault, NovaEmulator } from './nova/contract.js';

// The emulator
export { createEmulator } from './nova/emulator.js';
export type { Emulator, EmulatorOptions } from './nova/emulator.js';
export { DEFAULT_WORLD } from './nova/world.js';
export { validateWorld } from './nova/world-schema.js';
export type { WorldDefinition } from './nova/world.js';
export { loadWorld } from './nova/world-file.js';
export { startEmulatorServer } from './nova/adapters/node-server.js';
export type { StartedEmulatorServer, EmulatorServerOptions } from './nova/adapters/node-server.js';

// Request builders (client profiles)
export {
  listProfiles,
  getProfile,
  canonicalProfileId,
  buildLiveMigration,
  discoverVersionRange,
  parseVersionDocument,
  horizonFormFields,
  CLIENT_DEFAULT,
  DEBIAN_SUITES,
} from './clients/index.js';
export type { LiveMigrationIntent, DiscoveredRange, BuiltRequest, BuildResult, ProfileInfo } from './clients/types.js';
export type { ListedProfile, SuiteClients } from './clients/index.js';

// Providers
export type { NovaProvider, NovaEndpoint, ProvisionedServer } from './providers/provider.js';
export { startEmulatorProvider } from './providers/emulator/emulator-provider.js';
export { createUrlProvider } from './providers/url-provider.js';
export { createReplayProvider } from './providers/replay/replay-provider.js';
export { startReplayServer } from './providers/replay/replay-server.js';
export { startRealNova, RealNovaProvider, startRealNovaContainer, findOrBuildNovaImage, listNovaImages, DEBIAN_NOVAS } from './providers/real-nova/index.js';
export { recordCassette } from './providers/record.js';
export { readCassette, writeCassette, parseCassette } from './cassette/cassette-file.js';

// The matrix, its classification and the gate
export { classifyCell } from './matrix/classify.js';
export { expandMatrix } from './matrix/expand.js';
export { prepareMatrix, executeMatrix } from './run/execute.js';
export { openProvider } from './run/open-provider.js';
export { compareWithBaseline, baselineFromResult, formatGateReport } from './matrix/gate.js';
export type { GateResult, Baseline, Allowlist } from './matrix/gate.js';
export { OUTCOMES, OUTCOME_RANK } from './matrix/result.js';
export type { Outcome, CellResult, MatrixResult } from './matrix/result.js';

export { readMatrixResultFile, writeMatrixResultFile } from './matrix/result-io.js';
export { serializeMatrixResult, parseMatrixResult, decodeMatrixResult, MATRIX_RESULT_FILE_VERSION } from './matrix/result-file.js';

// Findings and change impact
export { buildFindings, diffResults, diffAgainstGate } from './findings/index.js';
export type { Finding, MatrixDiff, DiffFinding, DiffSide } from './findings/index.js';

// Reports
export { renderAllReports, renderReport, buildReportView, readMatrixResult } from './reports/index.js';

// Utilities
export { writeFileAtomic } from './fs/atomic-write.js';
