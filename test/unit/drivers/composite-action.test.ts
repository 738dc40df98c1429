/**
 * The composite action hands every input to its script through the environment, and the
 * script reads no MVM_* variable the action does not set (except MVM_CLI, for tests).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');
const action = parse(read('.github/actions/mvmatrix/action.yml')) as {
  inputs: Record<string, { default?: string }>;
  runs: { steps: Array<{ id?: string; env?: Record<string, string>; run?: string }> };
};
const script = read('.github/actions/mvmatrix/gate-client-change.sh');

describe('the composite action', () => {
  const step = action.runs.steps.find((s) => s.id === 'run')!;

  it('takes a client checkout to gate with its own code', () => {
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['client-source', 'client', 'client-python', 'client-options', 'baseline-ref', 'targets']));
    expect(action.inputs['client']!.default).toBe('horizon');
    expect(step.run).toContain('bash "$GITHUB_ACTION_PATH/gate-client-change.sh"');
  });

  it('passes every input its script reads through the environment', () => {
    const env = step.env ?? {};
    const read = new Set([...script.matchAll(/\$\{?(MVM_[A-Z_]+)/g)].map((m) => m[1]!));
    read.delete('MVM_CLI');
    for (const name of read) expect(Object.keys(env), name).toContain(name);
    for (const [name, value] of Object.entries(env)) {
      expect(value, name).toMatch(/^\$\{\{ inputs\.[a-z-]+ \}\}$/);
      expect(action.inputs[value.slice('${{ inputs.'.length, -' }}'.length)], name).toBeDefined();
    }
  });
});
