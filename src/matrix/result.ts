/**
 * The matrix result in memory: every cell with its full evidence. On disk
 * (`reports/matrix.json`) it is schema version 2, with evidence shared by many cells stored
 * once (`src/matrix/result-file.ts`); the reader returns this same shape for version 1 and 2.
 * Written by the runner, read by the gate, the reports and the contracts.
 */
import type { ScenarioExpectation, ScenarioIntent, ScenarioWorld } from './definition.js';

/** One outcome per cell, best first (see {@link OUTCOME_RANK}). */
export const OUTCOMES = ['pass', 'degraded', 'client-refused', 'expected-error', 'drift', 'rejected', 'error'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/**
 * Gate ordering: pass > degraded > client-refused/expected-error > drift > rejected > error.
 * Lower is better; equal ranks are not a regression.
 */
export const OUTCOME_RANK: Readonly<Record<Outcome, number>> = {
  pass: 0,
  degraded: 1,
  'client-refused': 2,
  'expected-error': 2,
  drift: 3,
  rejected: 4,
  error: 5,
};

export interface CellTarget {
  /** Target id: `zed`, `mv-2.47`, `zed@2.60`. */
  readonly id: string;
  readonly release: string;
  readonly maxMicroversion: string;
}

export interface CellRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

export interface CellResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON when the body is JSON, else the text; `null` for an empty body. */
  readonly body: unknown;
}

export interface CellResult {
  /** `<profile>|<scenario>|<target>`: stable key for baselines and allow-lists. */
  readonly id: string;
  readonly profile: string;
  readonly scenario: string;
  readonly target: CellTarget;
  readonly outcome: Outcome;
  /** One line that cites the microversion change responsible. */
  readonly explanation: string;
  /** `null` when the client refused before sending. */
  readonly request: CellRequest | null;
  readonly refusal?: string;
  readonly response: CellResponse | null;
  /** The microversion that took effect (from the response headers), `null` if none. */
  readonly effectiveMicroversion: string | null;
  /** The concrete destination host the intent named (`null` = let the scheduler choose). */
  readonly destination?: string | null;
  /** The server state template and caller the scenario met. */
  readonly world?: { readonly server: string; readonly caller: string };
  /**
   * From 2.34 pre-checks run after the 202: the live-migration record read back from
   * `/os-migrations` after an accepted request (`null` when Nova shows none).
   */
  readonly migration?: MigrationOutcome | null;
  /** Wall time the cell took in the runner (build, send, read-back), in milliseconds. */
  readonly durationMs?: number;
  /** The cell's Pact contract as verified against each source (`run --contracts`, docs/pact.md). */
  readonly contracts?: readonly CellContract[];
  /** Present when a real client's code produced the cell through a driver (docs/drivers.md). */
  readonly driver?: DriverCellEvidence;
}

/** One source's verdict on a cell's Pact interaction (written by `src/pact/contract-annotations.ts`). */
export interface CellContract {
  /** Verification source: `emulator`, `replay:<cassette>`, `real-nova`. */
  readonly source: string;
  /** `verified`, `failed`, `known-difference` or `unverifiable`. */
  readonly verdict: string;
  /** A pending interaction's failure does not fail verification. */
  readonly pending: boolean;
  /** One line: `contract verified against the embedded emulator`, or Pact's mismatch. */
  readonly text: string;
  /** Pact's own mismatch text, when the contract failed. */
  readonly mismatch?: string;
}

/**
 * Per-cell evidence that a real client's code produced the cell; which code is in the
 * profile's `driver` entry (package version or git commit, paths, loaded-code hash).
 */
export interface DriverCellEvidence {
  /** The driver process that ran the cell. */
  readonly pid: number | null;
  /** `done` (the call returned), `raised` (the client raised), `error` (the driver could not run it), `failed` (crash, hang, garbage). */
  readonly answer: 'done' | 'raised' | 'error' | 'failed';
  /** The client's exception, `<Type>: <message>`: its refusal when nothing was sent, else its reaction to Nova's answer. */
  readonly raised?: string;
  /** Why the driver failed or could not run the call. */
  readonly reason?: string;
  /** Requests the client made about the cell's server (the os-migrateLive action and any look-ups). */
  readonly exchanges: number;
  readonly warnings?: readonly string[];
  /** How the model profile's request for this cell differs from the client's (absent: same, or no model). */
  readonly modelDifference?: string;
}

/** A live-migration record as `/os-migrations` lists it. */
export interface MigrationOutcome {
  readonly id: number;
  readonly status: string;
}

export interface MatrixRunMetadata {
  readonly mvmatrixVersion: string;
  readonly matrixFile: string;
  /** sha256 of the matrix file's bytes. */
  readonly matrixHash: string;
  readonly provider: string;
  readonly targets: readonly CellTarget[];
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  /** Targets of the matrix the provider cannot serve (their cells are not in `cells`). */
  readonly skippedTargets?: readonly { readonly id: string; readonly reason: string }[];
  /** Cells in the expanded matrix, including those of skipped targets. */
  readonly cellsPlanned?: number;
}

export interface ScenarioSummary {
  readonly id: string;
  readonly title: string;
  /** What the user asks for; the findings compare it with the request sent. */
  readonly intent?: ScenarioIntent;
  readonly world?: ScenarioWorld;
  /** A scenario with `expect.error` is negative: the refusal is what the user wants. */
  readonly expect?: ScenarioExpectation;
}

/** Which real code a profile reproduces (project, file, version). */
export interface ProfileCode {
  readonly project: string;
  readonly file: string;
  readonly version: string;
}

export interface ProfileSummary {
  readonly id: string;
  readonly title: string;
  /** Client family: `horizon`, `horizon-proposed`, `novaclient`, `openstacksdk`, `openstackclient`. */
  readonly client?: string;
  /** The client's release version (`27.0.0`, `18.13.1`). */
  readonly clientVersion?: string;
  /** The real code the profile reproduces. */
  readonly models?: readonly ProfileCode[];
  /** For a profile run by a real client driver: which code ran, and how it compared with its model. */
  readonly driver?: DriverProfileEvidence;
}

/** The code a driver profile ran (from the driver's hello) and the model check. */
export interface DriverProfileEvidence {
  /** The profile id as written (`horizon@src:../horizon`). */
  readonly spec: string;
  readonly entrypoint: string | null;
  /** The driver's code identity: project, kind, version, location, git, loaded-code hash. */
  readonly code: Readonly<Record<string, unknown>> | null;
  readonly python: Readonly<Record<string, unknown>> | null;
  readonly libraries: Readonly<Record<string, string | null>>;
  readonly processes: number;
  /** Why the driver could not start or was given up on. */
  readonly failure?: string;
  /** The model profile of the same client version, and how many cells differ from it. */
  readonly model?: { readonly profile: string; readonly compared: number; readonly differing: number; readonly examples: readonly string[] } | { readonly profile: null; readonly reason: string };
}

export interface MatrixResult {
  /**
   * The on-disk format version this result was read as or will be written as. Version 1 and 2
   * files read into the same in-memory shape (the reader reports 2); results built in memory
   * may still say 1.
   */
  readonly schemaVersion: 1 | 2;
  readonly metadata: MatrixRunMetadata;
  readonly profiles: readonly ProfileSummary[];
  readonly scenarios: readonly ScenarioSummary[];
  readonly cells: readonly CellResult[];
}
