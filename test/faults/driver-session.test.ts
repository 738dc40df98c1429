/**
 * A driver that crashes, hangs, prints garbage, answers out of order or never starts fails
 * the request it was on with the reason, is killed, and is replaced for the rest — never a
 * hung run, never a process left behind. Deadlines are fired by the test on events (manual
 * timers), not waited for.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DriverSession, liveDriverCount, type DriverOutcome, type DriverTimers } from '../../src/drivers/driver-process.js';
import type { DriverRequest } from '../../src/drivers/protocol.js';

const SCRIPTED = fileURLToPath(new URL('../fixtures/drivers/scripted-driver.mjs', import.meta.url));
const PID_DIR = mkdtempSync(join(tmpdir(), 'mvmatrix-fake-drivers-'));
const REQUEST_MS = 4_321;
const START_MS = 60_000;

/** Timers the test fires itself. */
class ManualTimers implements DriverTimers {
  readonly armed = new Map<number, { ms: number; fire: () => void }>();
  #next = 0;
  set(ms: number, fire: () => void): unknown {
    const handle = ++this.#next;
    this.armed.set(handle, { ms, fire });
    return handle;
  }
  clear(handle: unknown): void {
    this.armed.delete(handle as number);
  }
  /** Fires the one armed deadline of `ms`; fails the test if there is none or several. */
  fire(ms: number): void {
    const matching = [...this.armed.entries()].filter(([, t]) => t.ms === ms);
    expect(matching.length, `armed deadlines of ${ms} ms`).toBe(1);
    const [handle, timer] = matching[0]!;
    this.armed.delete(handle);
    timer.fire();
  }
}

function session(args: string[], options: { timers?: DriverTimers; maxRestarts?: number } = {}): DriverSession {
  return new DriverSession(
    { command: process.execPath, args: [SCRIPTED, ...args], env: { FAKE_DRIVER_PID_DIR: PID_DIR }, describe: 'fake driver' },
    { requestTimeoutMs: REQUEST_MS, startTimeoutMs: START_MS, ...options },
  );
}

let counter = 0;
function request(behaviour: string): DriverRequest {
  return {
    id: `r${++counter}`,
    op: 'live-migrate',
    endpoint: 'http://127.0.0.1:9/v2.1',
    token: 'admin:p',
    server: `server-${counter}`,
    intent: { host: behaviour, blockMigration: 'auto', diskOverCommit: false },
  };
}

function answered(outcome: DriverOutcome): { kind: string; pid: number } {
  expect(outcome.kind).toBe('answer');
  if (outcome.kind !== 'answer') throw new Error('unreachable');
  return { kind: outcome.answer.kind, pid: outcome.pid };
}

function failure(outcome: DriverOutcome): string {
  expect(outcome.kind).toBe('failed');
  return outcome.kind === 'failed' ? outcome.reason : '';
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

afterAll(() => {
  // Every fake driver any test started has exited.
  const pids = readdirSync(PID_DIR).map(Number);
  expect(pids.length).toBeGreaterThan(10);
  expect(pids.filter(isAlive)).toEqual([]);
  expect(liveDriverCount()).toBe(0);
  rmSync(PID_DIR, { recursive: true, force: true });
});

describe('a driver session', () => {
  it('answers every request in order through one long-lived process', async () => {
    await using driver = session([]);
    const hello = await driver.start();
    expect(hello.code.project).toBe('fake-client');
    const outcomes = await Promise.all(['answer', 'raise', 'answer', 'answer', 'answer', 'raise'].map((b) => driver.request(request(b))));
    expect(outcomes.map((o) => answered(o).kind)).toEqual(['done', 'raised', 'done', 'done', 'done', 'raised']);
    expect(new Set(outcomes.map((o) => o.pid)).size).toBe(1);
    expect(driver.stats.processes).toBe(1);
  });

  it('fails the request a driver crashed on with its exit code and stderr, and answers the rest from a new process', async () => {
    await using driver = session([]);
    await driver.start();
    const [first, crashed, third, fourth] = await Promise.all(['answer', 'crash', 'answer', 'answer'].map((b) => driver.request(request(b))));
    expect(answered(first!).kind).toBe('done');
    const reason = failure(crashed!);
    expect(reason).toContain('exited with code 3');
    expect(reason).toContain('RuntimeError: boom');
    expect(answered(third!).pid).not.toBe(first!.pid);
    expect(answered(fourth!).pid).toBe(third!.pid);
    expect(driver.stats.processes).toBe(2);
    expect(isAlive(first!.pid!)).toBe(false);
  });

  it('fails the request a driver hangs on when its deadline passes, kills it, and answers the rest from a new process', async () => {
    const timers = new ManualTimers();
    await using driver = session([], { timers });
    await driver.start();
    const first = driver.request(request('answer'));
    const hung = driver.request(request('hang'));
    const after = driver.request(request('answer'));
    const firstPid = answered(await first).pid;
    // The driver now works on the hanging request: its deadline is the one armed.
    timers.fire(REQUEST_MS);
    expect(failure(await hung)).toContain(`gave no answer within ${REQUEST_MS} ms (hung; killed)`);
    expect(answered(await after).pid).not.toBe(firstPid);
    expect(driver.stats.processes).toBe(2);
  });

  it('fails the request a driver answered with a line that is not protocol, quoting the line', async () => {
    await using driver = session([]);
    await driver.start();
    const [garbage, after] = await Promise.all(['garbage', 'answer'].map((b) => driver.request(request(b))));
    const reason = failure(garbage!);
    expect(reason).toContain('printed a line that is not protocol');
    expect(reason).toContain('<!doctype html>');
    expect(answered(after!).kind).toBe('done');
  });

  it('fails the request a driver answered with another request id', async () => {
    await using driver = session([]);
    await driver.start();
    const [wrong, after] = await Promise.all(['wrong-id', 'answer'].map((b) => driver.request(request(b))));
    expect(failure(wrong!)).toMatch(/answered "somebody-else" while "r\d+" was pending \(out of order\)/);
    expect(answered(after!).kind).toBe('done');
  });

  it('fails every request of a driver that exits before its hello, with its stderr, and does not restart it', async () => {
    await using driver = session(['--hello=exit']);
    await expect(driver.start()).rejects.toThrow(/exited with code 2 before its hello; stderr: .*ImportError: No module named openstack_dashboard/);
    const outcomes = await Promise.all([driver.request(request('answer')), driver.request(request('answer'))]);
    for (const outcome of outcomes) expect(failure(outcome)).toContain('before its hello');
    expect(driver.stats.processes).toBe(1);
  });

  it('refuses a driver that speaks another protocol version', async () => {
    await using driver = session(['--hello=protocol-2']);
    await expect(driver.start()).rejects.toThrow('the driver speaks protocol 2; this mvmatrix speaks 1');
  });

  it('refuses a driver whose first line is not a hello', async () => {
    await using driver = session(['--hello=garbage']);
    await expect(driver.start()).rejects.toThrow(/the first line is not JSON: "Welcome to the fake driver!"/);
  });

  it('gives up on a driver that stays silent past its start deadline, and kills it', async () => {
    const timers = new ManualTimers();
    await using driver = session(['--hello=never'], { timers });
    const started = driver.start();
    const pending = driver.request(request('answer'));
    timers.fire(START_MS);
    await expect(started).rejects.toThrow(`sent no hello within ${START_MS} ms`);
    expect(failure(await pending)).toContain('sent no hello');
  });

  it('stops restarting a driver that keeps crashing once the restart budget is spent', async () => {
    await using driver = session(['--always=crash'], { maxRestarts: 2 });
    await driver.start();
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => driver.request(request('answer'))));
    const reasons = outcomes.map(failure);
    expect(reasons.slice(0, 3).every((r) => r.includes('exited with code 3'))).toBe(true);
    expect(reasons.slice(3).every((r) => r.includes('failed 3 times; not restarted again'))).toBe(true);
    expect(driver.stats.processes).toBe(3);
    expect(failure(await driver.request(request('answer')))).toContain('not restarted again');
  });

  it('kills a busy driver at once when the session is disposed, failing what was pending', async () => {
    const driver = session([]);
    await driver.start();
    const pending = driver.request(request('hang'));
    await driver[Symbol.asyncDispose]();
    expect(failure(await pending)).toContain('was shut down');
    expect(liveDriverCount()).toBe(0);
  });
});
