/**
 * The order vitest starts test files in (`sequence.sequencer` in vitest.config.ts): the files
 * that take longest first (`LONGEST_FILES` of test/tiers.ts, then the tiers in their order
 * there: real-Nova, real clients and drivers before unit), so the short files fill the workers
 * around them; within a tier, vitest's own order (slowest of the last run first, else larger
 * files first). Only the order changes: every file still runs, in its own tier's project.
 */
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { LONGEST_FILES, TEST_TIERS } from '../tiers.js';

/** Tiers by how long their files take, longest first. */
const TIER_ORDER = ['real-nova', 'real-clients', 'drivers', 'faults', 'e2e', 'conformance', 'browser', 'unit'];

export default class TierSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const base = await super.sort(files);
    const position = new Map(base.map((spec, index) => [spec, index]));
    const root = this.ctx.config.root;
    const rank = (spec: TestSpecification): [number, number] => {
      const longest = LONGEST_FILES.indexOf(relative(root, spec.moduleId));
      const tier = TIER_ORDER.indexOf(spec.project.name);
      return [longest === -1 ? LONGEST_FILES.length : longest, tier === -1 ? TEST_TIERS.length : tier];
    };
    return [...base].sort((a, b) => {
      const [la, ta] = rank(a);
      const [lb, tb] = rank(b);
      return la - lb || ta - tb || position.get(a)! - position.get(b)!;
    });
  }
}
