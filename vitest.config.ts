import { defineConfig } from 'vitest/config';
import { TEST_TIERS, TEST_WORKERS } from './test/tiers.js';
import TierSequencer from './test/support/tier-sequencer.js';

export default defineConfig({
  test: {
    pool: 'forks',
    // vitest's default on 2 cores is one worker: every file one after another (test/tiers.ts).
    maxWorkers: TEST_WORKERS,
    sequence: { sequencer: TierSequencer },
    reporters: ['default', './test/support/tier-timing-reporter.ts'],
    // Leases of expensive instances shared by test files (test/support/shared-instances.ts).
    globalSetup: ['test/support/shared-instances.global.ts'],
    projects: TEST_TIERS.map((tier) => ({
      extends: true,
      test: {
        name: tier.name,
        include: [...tier.include],
        exclude: [...(tier.exclude ?? [])],
        testTimeout: tier.hangGuardMs,
        hookTimeout: tier.hangGuardMs,
        isolate: tier.isolate ?? true,
      },
    })),
  },
});
