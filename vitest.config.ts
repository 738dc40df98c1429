import { defineConfig } from 'vitest/config';
import { TEST_TIERS } from './test/tiers.js';

export default defineConfig({
  test: {
    pool: 'forks',
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
      },
    })),
  },
});
