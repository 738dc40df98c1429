/**
 * The test tiers: every test file belongs to exactly one (test/unit/tiers.test.ts checks).
 * Each runs alone — `npm run test:<tier>` (`vitest run --project <tier>`) — and `npm test` runs
 * them all in one vitest process. `.ci/run` runs them one by one (scripts/ci/test-tier.sh) and
 * prints the time of each.
 *
 * Joining: put the file under a tier's folder or glob below, or add a tier (one entry here,
 * one `test:<name>` script in package.json, one line in .ci/run). Suites that need an expensive
 * instance (a real Nova per release, a client driver) lease a shared one:
 * `test/support/shared-instances.ts`.
 *
 * No fixed wall-clock deadline: `hangGuardMs` is each tier's test and hook timeout, there only
 * to end a run that hangs; tests wait on events (ready lines, exits), never on time. Files run
 * in parallel in every tier; a shared instance is leased to one file at a time.
 *
 * Speed (issue 16): vitest's default is one worker per core minus one, i.e. ONE on this 2-core
 * machine, which ran every file one after another while the real-Nova files left a core idle
 * waiting on their Python Novas. `TEST_WORKERS` files run at once instead, and the sequencer
 * (test/support/tier-sequencer.ts) starts the files that take longest first (`rank` below, then
 * `LONGEST_FILES`), so the short ones fill in around them instead of trailing behind them.
 * The real-Nova suites that cover several releases run those releases concurrently.
 */

/** Test files running at once: 2 cores, and the real-Nova files mostly wait on their Novas. */
export const TEST_WORKERS = 3;

/**
 * Files that take longest (measured: each file alone, wall and CPU, and `npm test` with the JSON
 * reporter, plain and in the CI configuration), started first in this order, whatever their tier.
 */
export const LONGEST_FILES: readonly string[] = [
  'test/conformance/stateful-differential.test.ts',
  'test/conformance/differential.test.ts',
  // The host's Zed full control plane (~55 s of CPU alone): started last, it ended every run.
  'test/conformance/real-nova-full.test.ts',
  'test/conformance/clients-proof.test.ts',
  'test/conformance/cassette-drift.test.ts',
  'test/drivers/real-nova.test.ts',
  'test/conformance/real-nova.test.ts',
  'test/conformance/real-nova-containers.test.ts',
  'test/drivers/real-clients.test.ts',
  'test/drivers/horizon-gate.test.ts',
  'test/conformance/real-nova-pact.test.ts',
];
export interface TestTier {
  readonly name: string;
  /** What the tier proves and what it needs. */
  readonly description: string;
  readonly include: readonly string[];
  readonly exclude?: readonly string[];
  readonly hangGuardMs: number;
  /**
   * Whether each file gets a fresh module graph (vitest's `isolate`, default true). False only
   * for tiers whose files change no process-wide state (no env, mocks, globals or signal
   * handlers left behind): their files then reuse the modules a worker has already imported,
   * which halves the unit tier's CPU (issue 16: most of it was importing the same modules again).
   */
  readonly isolate?: boolean;
}

const MINUTE = 60_000;

/** Files of the real-Nova and real-client tiers; the conformance tier is what remains of test/conformance. */
const REAL_NOVA = [
  'test/conformance/real-nova*.test.ts',
  'test/conformance/differential.test.ts',
  'test/conformance/stateful-differential.test.ts',
  'test/conformance/cassette-drift*.test.ts',
  'test/conformance/clients-nova-schema.test.ts',
];
const REAL_CLIENTS = ['test/conformance/clients-proof.test.ts', 'test/conformance/clients-*.real.test.ts'];
const BROWSER = ['test/e2e/html-browser.test.ts'];

export const TEST_TIERS: readonly TestTier[] = [
  { name: 'unit', description: 'pure modules and small adapters, no processes', include: ['test/unit/**/*.test.ts'], hangGuardMs: 5 * MINUTE, isolate: false },
  {
    name: 'conformance',
    description: 'the emulator against hostile input and the differential corpus, no real Nova',
    include: ['test/conformance/**/*.test.ts'],
    exclude: [...REAL_NOVA, ...REAL_CLIENTS],
    hangGuardMs: 10 * MINUTE,
    isolate: false,
  },
  { name: 'e2e', description: 'the CLI, sockets and files end to end', include: ['test/e2e/**/*.test.ts'], exclude: BROWSER, hangGuardMs: 10 * MINUTE, isolate: false },
  { name: 'browser', description: 'the HTML report in headless Chromium (Debian chromium)', include: BROWSER, hangGuardMs: 10 * MINUTE },
  {
    name: 'faults',
    description: 'failure on purpose: providers killed, hanging or flaky mid-run, a full disk, signals',
    include: ['test/faults/**/*.test.ts'],
    hangGuardMs: 10 * MINUTE,
  },
  {
    name: 'real-nova',
    description: 'the real Nova (Debian python3-nova): API conformance, differential, cassette drift; the full control plane on Zed',
    include: REAL_NOVA,
    hangGuardMs: 45 * MINUTE,
  },
  {
    name: 'real-clients',
    description: 'the real Python clients and Horizon (Debian packages) against the request builders',
    include: REAL_CLIENTS,
    hangGuardMs: 45 * MINUTE,
  },
  {
    name: 'drivers',
    description:
      "real client code through mvmatrix's drivers: Debian 12's and sid's clients against their models, the Horizon 27.0.0 gate (sid packages from scripts/ci/drivers.sh), a real Nova",
    include: ['test/drivers/**/*.test.ts'],
    hangGuardMs: 45 * MINUTE,
  },
];
