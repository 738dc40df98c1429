import { describe, expect, it } from 'vitest';
import { buildLiveMigration } from '../../../src/clients/index.js';
import type { LiveMigrationIntent } from '../../../src/clients/index.js';
import { mv } from '../../../src/microversion/version.js';

const MAXES = ['2.24', '2.25', '2.29', '2.30', '2.67', '2.68', '2.93'] as const;

/** `2.30` = the microversion sent, `-` = no header, otherwise the refusing exception class. */
function outcome(profile: string, intent: LiveMigrationIntent, max: string): string {
  const result = buildLiveMigration(profile, intent, { kind: 'range', min: mv('2.1'), max: mv(max) }, 'srv');
  if (result.kind === 'refused') return result.message.split(':')[0] ?? '';
  return result.microversion ?? '-';
}

const NAMED_AUTO: LiveMigrationIntent = { host: 'compute-02', blockMigration: 'auto', diskOverCommit: false };
const SCHEDULED_AUTO: LiveMigrationIntent = { host: null, blockMigration: 'auto', diskOverCommit: false };
const NAMED_FORCED: LiveMigrationIntent = { host: 'compute-02', blockMigration: false, diskOverCommit: false, force: true };

describe('what each profile does at every band boundary (server max 2.24 … 2.93)', () => {
  it.each<[string, LiveMigrationIntent, string[]]>([
    ['horizon-legacy', NAMED_AUTO, ['-', '-', '-', '-', '-', '-', '-']],
    ['horizon-60455e5ff', NAMED_AUTO, ['-', '-', '-', '2.30', '2.30', '2.30', '2.30']],
    ['horizon-proposed', NAMED_AUTO, ['ValidationError', 'ValidationError', 'ValidationError', '2.30', '2.30', '2.68', '2.68']],
    ['horizon-proposed', SCHEDULED_AUTO, ['-', '2.25', '2.25', '2.30', '2.30', '2.68', '2.68']],
    ['horizon-proposed', NAMED_FORCED, ['-', '2.25', '2.25', '2.30', '2.30', '2.30', '2.30']],
    ['openstacksdk', NAMED_AUTO, ['ValueError', 'ValueError', 'ValueError', '2.30', '2.30', '2.30', '2.30']],
    ['openstacksdk', SCHEDULED_AUTO, ['ValueError', '2.25', '2.25', '2.30', '2.30', '2.30', '2.30']],
    ['openstacksdk', NAMED_FORCED, ['-', '2.25', '2.25', '2.30', '2.30', '2.30', '2.30']],
    ['openstackclient', NAMED_AUTO, Array<string>(7).fill('CommandError')],
    ['openstackclient', SCHEDULED_AUTO, Array<string>(7).fill('2.1')],
    ['openstackclient@2.30', NAMED_AUTO, Array<string>(7).fill('2.30')],
    ['novaclient@2.25', SCHEDULED_AUTO, Array<string>(7).fill('2.25')],
  ])('%s with %o gives %o', (profile, intent, expected) => {
    expect(MAXES.map((max) => outcome(profile, intent, max))).toEqual(expected);
  });
});
