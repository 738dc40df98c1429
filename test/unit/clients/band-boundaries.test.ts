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
const SCHEDULED_DEFAULTS: LiveMigrationIntent = { host: null, blockMigration: 'default', diskOverCommit: 'default' };
const NAMED_FORCED: LiveMigrationIntent = { host: 'compute-02', blockMigration: false, diskOverCommit: false, force: true };
const ALL = (text: string): string[] => Array<string>(7).fill(text);

describe('what each profile@release does at every band boundary (server max 2.24 … 2.93)', () => {
  it.each<[string, LiveMigrationIntent, string[]]>([
    ['horizon@23.0.0', NAMED_AUTO, ALL('-')],
    ['horizon@25.3.0', NAMED_AUTO, ALL('-')],
    ['horizon@27.0.0', NAMED_AUTO, ['-', '-', '-', '2.30', '2.30', '2.30', '2.30']],
    ['horizon-proposed', NAMED_AUTO, ['ValidationError', 'ValidationError', 'ValidationError', '2.30', '2.30', '2.68', '2.68']],
    ['horizon-proposed', SCHEDULED_AUTO, ['-', '2.25', '2.25', '2.30', '2.30', '2.68', '2.68']],
    ['horizon-proposed', NAMED_FORCED, ['-', '2.25', '2.25', '2.30', '2.30', '2.30', '2.30']],
    ['openstacksdk@0.101.0', NAMED_AUTO, ['ValueError', 'ValueError', 'ValueError', '2.30', '2.30', '2.30', '2.30']],
    ['openstacksdk@0.101.0', SCHEDULED_AUTO, ['ValueError', '2.25', '2.25', '2.30', '2.30', '2.30', '2.30']],
    ['openstacksdk@0.101.0', NAMED_FORCED, ['-', '2.25', '2.25', '2.30', '2.30', '2.30', '2.30']],
    // 4.x sends min(server max, its 2.100 cap) on the old body.
    ['openstacksdk@4.20.0', NAMED_FORCED, ['2.24', '2.25', '2.25', '2.30', '2.30', '2.30', '2.30']],
    ['openstacksdk@4.20.0', SCHEDULED_DEFAULTS, ['2.24', '2.25', '2.25', '2.30', '2.30', '2.30', '2.30']],
    ['openstackclient@6.0.0', NAMED_AUTO, ALL('CommandError')],
    ['openstackclient@6.0.0', SCHEDULED_AUTO, ALL('2.1')],
    ['openstackclient@6.0.0+mv2.30', NAMED_AUTO, ALL('2.30')],
    // OSC >= 7: negotiates; below 2.25 every live migration is the TypeError, --host needs 2.30.
    ['openstackclient@10.3.0', SCHEDULED_DEFAULTS, ['TypeError', '2.25', '2.25', '2.30', '2.30', '2.30', '2.30']],
    ['openstackclient@10.3.0', NAMED_AUTO, ['CommandError', 'CommandError', 'CommandError', '2.30', '2.30', '2.30', '2.30']],
    ['openstackclient@10.3.0+mv2.30', SCHEDULED_AUTO, ['ConfigException', 'ConfigException', 'ConfigException', '2.30', '2.30', '2.30', '2.30']],
    ['novaclient@18.13.1+mv2.25', SCHEDULED_AUTO, ALL('2.25')],
    ['novaclient@17.2.1', SCHEDULED_AUTO, ['2.24', '2.25', '2.29', '2.30', '2.67', '2.68', '2.87']],
    ['novaclient@18.13.1', SCHEDULED_AUTO, ['2.24', '2.25', '2.29', '2.30', '2.67', '2.68', '2.93']],
  ])('%s with %o gives %o', (profile, intent, expected) => {
    expect(MAXES.map((max) => outcome(profile, intent, max))).toEqual(expected);
  });
});
