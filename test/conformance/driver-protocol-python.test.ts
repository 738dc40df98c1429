/**
 * The Python side of the driver protocol (src/drivers/python/mvmatrix_drivers/protocol.py),
 * with a stand-in client: one answer per request line, in order; a bad line is an `error`
 * answer and the driver carries on; a client exception is `raised` with its own type and text;
 * and whatever the client prints goes to stderr, never into the protocol channel.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAnswerLine, parseHelloLine } from '../../src/drivers/protocol.js';

const PYTHON_DIR = fileURLToPath(new URL('../../src/drivers/python/', import.meta.url));
const STAND_IN = `
import sys
sys.path.insert(0, ${JSON.stringify(PYTHON_DIR)})
from mvmatrix_drivers import protocol
channel = protocol.open_channel()
hello = {"client": "stand-in", "entrypoint": "handle", "options": {}, "python": {"executable": sys.executable, "version": "3"},
         "code": {"project": "stand-in", "kind": "installed", "version": "1.0", "location": "/"}, "libraries": {}}
def handle(request):
    print("the client chatters on stdout")          # must not reach the channel
    host = request["intent"]["host"]
    if host == "raise":
        raise KeyError("no such host")
    if host == "not-offered":
        raise protocol.NotOffered("no force option")
    return {"host": host}
protocol.serve(channel, hello, handle)
`;

function request(id: string, host: string): string {
  return JSON.stringify({ id, op: 'live-migrate', endpoint: 'http://127.0.0.1:9/v2.1', token: 't', server: 's', intent: { host, blockMigration: 'default', diskOverCommit: 'default' } });
}

describe('the Python driver protocol loop', () => {
  it('answers each line in order, turns bad lines into errors, client exceptions into raised, and keeps stdout for the protocol', () => {
    const input = [
      request('c1', 'compute-02'),
      'this is not JSON',
      JSON.stringify({ id: 'c3', op: 'cold-migrate', endpoint: 'e', token: 't', server: 's', intent: {} }),
      request('c4', 'raise'),
      '',
      request('c5', 'not-offered'),
      JSON.stringify({ id: 'c6', op: 'live-migrate' }),
    ].join('\n');
    const run = spawnSync('/usr/bin/python3', ['-c', STAND_IN], { input: `${input}\n`, encoding: 'utf8' });
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(parseHelloLine(lines[0]!)).toMatchObject({ ok: true, value: { client: 'stand-in' } });
    const answers = lines.slice(1).map((l) => {
      const parsed = parseAnswerLine(l);
      if (!parsed.ok) throw new Error(parsed.reason);
      return parsed.value;
    });
    expect(answers).toEqual([
      { kind: 'done', id: 'c1', done: { host: 'compute-02' } },
      { kind: 'error', id: null, reason: expect.stringContaining('request line is not JSON') as unknown },
      { kind: 'error', id: 'c3', reason: "unknown op 'cold-migrate' (this driver knows live-migrate)" },
      { kind: 'raised', id: 'c4', type: 'KeyError', module: 'builtins', message: "'no such host'" },
      { kind: 'raised', id: 'c5', type: 'NotOffered', module: 'mvmatrix_drivers.protocol', message: 'no force option' },
      { kind: 'error', id: 'c6', reason: 'request line lacks endpoint, token, server, intent' },
    ]);
    expect(run.stderr.match(/the client chatters on stdout/g)).toHaveLength(3);
  });
});
