import { defineConfig } from 'vitest/config';

/**
 * The real-client driver suites (test/drivers): real Debian clients, Horizon 27.0.0 from sid
 * (scripts/fetch-debian-clients.sh) and a real Nova. Run by `npm run test:drivers` and the
 * CI stage scripts/ci/drivers.sh, one file at a time (each starts Python drivers).
 */
export default defineConfig({
  test: {
    include: ['test/drivers/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 600_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
