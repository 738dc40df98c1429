/**
 * One driver for one client under test: a long-lived child process speaking the JSONL
 * protocol. Requests are queued and pipelined (a few written ahead, answered in order); each
 * gets a deadline from the moment the driver starts on it. A driver that crashes, hangs past
 * its deadline or prints a line that is not protocol fails the request it was working on with
 * the reason, is killed, and is restarted for the requests behind it, up to a restart budget.
 * Every child is killed on every exit path: dispose, give-up, and process exit.
 */
import { exitOf, forgetDriver, killDriver, spawnDriver, type DriverChild, type DriverLaunch } from './driver-children.js';
import {
  formatRequestLine,
  parseAnswerLine,
  parseHelloLine,
  type DriverAnswer,
  type DriverHello,
  type DriverRequest,
} from './protocol.js';

export { liveDriverCount, type DriverLaunch } from './driver-children.js';

export interface DriverSessionOptions {
  /** Deadline for one request, from when the driver starts on it (the run's `--timeout`). */
  readonly requestTimeoutMs: number;
  /** Deadline for the hello line after the process starts. */
  readonly startTimeoutMs: number;
  /** Restarts after a crash, hang or garbage before every further request fails. Default 3. */
  readonly maxRestarts?: number;
  /** Requests written ahead of the answer being waited for. Default 4. */
  readonly window?: number;
  /** Where deadlines come from (tests fire them on events instead of waiting). Default real timers. */
  readonly timers?: DriverTimers;
}

export interface DriverTimers {
  set(ms: number, fire: () => void): unknown;
  clear(handle: unknown): void;
}

const REAL_TIMERS: DriverTimers = {
  set: (ms, fire) => setTimeout(fire, ms),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** What a request came back with. */
export type DriverOutcome = { readonly kind: 'answer'; readonly answer: DriverAnswer; readonly pid: number } | { readonly kind: 'failed'; readonly reason: string; readonly pid: number | null };

interface Pending {
  readonly request: DriverRequest;
  readonly resolve: (outcome: DriverOutcome) => void;
}

const STDERR_TAIL = 4_000;
const MAX_LINE = 1_000_000;
const CLOSE_GRACE_MS = 5_000;

export class DriverSession implements AsyncDisposable {
  readonly #launch: DriverLaunch;
  readonly #options: Required<DriverSessionOptions>;
  #entry: DriverChild | null = null;
  #ready = false;
  #hello: DriverHello | null = null;
  #starting: Promise<DriverHello> | null = null;
  #queue: Pending[] = [];
  #inflight: Pending[] = [];
  #timer: unknown = null;
  #stderr = '';
  #failures = 0;
  #gaveUp: string | null = null;
  #disposed = false;
  #processes = 0;
  #lastReason: string | null = null;
  /** Exits of killed processes, awaited by dispose so nothing outlives the session. */
  readonly #exits = new Set<Promise<void>>();

  constructor(launch: DriverLaunch, options: DriverSessionOptions) {
    this.#launch = launch;
    this.#options = { maxRestarts: 3, window: 4, timers: REAL_TIMERS, ...options };
  }

  /** The hello of the first process (the code's identity); null before it arrived. */
  get hello(): DriverHello | null {
    return this.#hello;
  }

  /** Processes started, and restarts after failures. */
  get stats(): { readonly processes: number; readonly restarts: number; readonly gaveUp: string | null; readonly lastFailure: string | null } {
    return { processes: this.#processes, restarts: Math.max(0, this.#processes - 1), gaveUp: this.#gaveUp, lastFailure: this.#lastReason };
  }

  /** Requests waiting for or being worked on by this driver. */
  get pending(): number {
    return this.#queue.length + this.#inflight.length;
  }

  /** Starts the driver and resolves with its hello; rejects (Error) with the reason it could not start. */
  start(): Promise<DriverHello> {
    if (this.#gaveUp !== null) return Promise.reject(new Error(this.#gaveUp));
    this.#starting ??= this.#spawn();
    return this.#starting;
  }

  /** Sends one request; never rejects: a driver failure is a `failed` outcome with the reason. */
  request(request: DriverRequest): Promise<DriverOutcome> {
    if (this.#gaveUp !== null) return Promise.resolve({ kind: 'failed', reason: this.#gaveUp, pid: null });
    if (this.#disposed) return Promise.resolve({ kind: 'failed', reason: `${this.#launch.describe} was shut down`, pid: null });
    return new Promise((resolve) => {
      this.#queue.push({ request, resolve });
      if (this.#ready) this.#pump();
      else this.start().catch(() => undefined); // failure is delivered to the queued requests
    });
  }

  #spawn(): Promise<DriverHello> {
    this.#processes++;
    this.#ready = false;
    this.#stderr = '';
    return new Promise<DriverHello>((resolve, reject) => {
      let entry: DriverChild;
      try {
        entry = spawnDriver(this.#launch);
      } catch (error) {
        const reason = `${this.#launch.describe} could not start: ${(error as Error).message}`;
        this.#giveUp(reason);
        reject(new Error(reason));
        return;
      }
      const { child } = entry;
      this.#entry = entry;
      let helloSeen = false;
      const failStart = (reason: string): void => {
        if (helloSeen || this.#entry !== entry) return;
        helloSeen = true;
        this.#kill(entry);
        // A driver that never said hello will not do better on a retry: give up.
        this.#giveUp(reason);
        reject(new Error(reason));
      };
      this.#arm(this.#options.startTimeoutMs, () => failStart(`${this.#launch.describe} sent no hello within ${this.#options.startTimeoutMs} ms${this.#stderrTail()}`));
      child.stdin.on('error', () => undefined); // EPIPE after a crash: the exit handler reports it
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        this.#stderr = (this.#stderr + chunk).slice(-STDERR_TAIL);
      });
      let buffered = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        if (this.#entry !== entry) return;
        buffered += chunk;
        let newline = buffered.indexOf('\n');
        while (newline >= 0 && this.#entry === entry) {
          const line = buffered.slice(0, newline).replace(/\r$/, '');
          buffered = buffered.slice(newline + 1);
          if (line.trim() !== '') {
            if (!helloSeen) {
              const hello = parseHelloLine(line);
              if (!hello.ok) {
                failStart(`${this.#launch.describe}: ${hello.reason}`);
                return;
              }
              helloSeen = true;
              this.#disarm();
              this.#hello ??= hello.value;
              this.#ready = true;
              resolve(hello.value);
              this.#pump();
            } else {
              this.#onAnswerLine(line, child.pid ?? 0);
            }
          }
          newline = buffered.indexOf('\n');
        }
        if (buffered.length > MAX_LINE && this.#entry === entry) {
          buffered = '';
          if (!helloSeen) failStart(`${this.#launch.describe} printed over ${MAX_LINE} bytes without a newline`);
          else this.#failHeadAndRestart(`${this.#launch.describe} printed over ${MAX_LINE} bytes without a newline (not protocol)`);
        }
      });
      child.on('error', (error) => {
        if (this.#entry !== entry) return;
        if (!helloSeen) failStart(`${this.#launch.describe} could not start: ${error.message}`);
        else this.#failHeadAndRestart(`${this.#launch.describe} failed: ${error.message}`);
      });
      // 'close' comes after the last stdout and stderr bytes: answers printed just before a
      // crash still count, and the stderr tail is complete.
      child.on('close', (code, signal) => {
        if (this.#entry !== entry) return; // killed on purpose
        const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        if (!helloSeen) failStart(`${this.#launch.describe} ${how} before its hello${this.#stderrTail()}`);
        else this.#failHeadAndRestart(`${this.#launch.describe} ${how}${this.#stderrTail()}`);
      });
    });
  }

  #stderrTail(): string {
    const tail = this.#stderr.trim().split('\n').slice(-6).join(' | ');
    return tail ? `; stderr: ${tail.slice(-600)}` : '';
  }

  #pump(): void {
    const entry = this.#entry;
    if (!this.#ready || entry === null) return;
    while (this.#inflight.length < this.#options.window && this.#queue.length > 0) {
      const next = this.#queue.shift()!;
      this.#inflight.push(next);
      entry.child.stdin.write(formatRequestLine(next.request));
      if (this.#inflight.length === 1) this.#armHead();
    }
  }

  #armHead(): void {
    const head = this.#inflight[0];
    if (!head) return this.#disarm();
    this.#arm(this.#options.requestTimeoutMs, () =>
      this.#failHeadAndRestart(`${this.#launch.describe} gave no answer within ${this.#options.requestTimeoutMs} ms (hung; killed)${this.#stderrTail()}`),
    );
  }

  #arm(ms: number, fire: () => void): void {
    this.#disarm();
    this.#timer = this.#options.timers.set(ms, fire);
  }

  #disarm(): void {
    if (this.#timer !== null) this.#options.timers.clear(this.#timer);
    this.#timer = null;
  }

  #onAnswerLine(line: string, pid: number): void {
    const parsed = parseAnswerLine(line);
    if (!parsed.ok) return this.#failHeadAndRestart(`${this.#launch.describe} printed a line that is not protocol: ${parsed.reason}`);
    const head = this.#inflight[0];
    const answer = parsed.value;
    if (!head) return this.#failHeadAndRestart(`${this.#launch.describe} answered ${JSON.stringify(answer.id)} with no request pending`);
    if (answer.id !== head.request.id && !(answer.kind === 'error' && answer.id === null)) {
      return this.#failHeadAndRestart(`${this.#launch.describe} answered ${JSON.stringify(answer.id)} while ${JSON.stringify(head.request.id)} was pending (out of order)`);
    }
    this.#inflight.shift();
    head.resolve({ kind: 'answer', answer, pid });
    this.#armHead();
    this.#pump();
  }

  /** The request being worked on fails with `reason`; the driver is replaced for the rest. */
  #failHeadAndRestart(reason: string): void {
    const entry = this.#entry;
    const pid = entry?.child.pid ?? null;
    this.#disarm();
    this.#lastReason = reason;
    const head = this.#inflight.shift();
    head?.resolve({ kind: 'failed', reason, pid });
    if (entry) this.#kill(entry);
    this.#ready = false;
    this.#queue.unshift(...this.#inflight);
    this.#inflight = [];
    this.#failures++;
    if (this.#failures > this.#options.maxRestarts) {
      this.#giveUp(`${this.#launch.describe} failed ${this.#failures} times; not restarted again (last: ${reason})`);
      return;
    }
    if (this.#disposed) return this.#failAll(`${this.#launch.describe} was shut down`);
    this.#starting = this.#spawn();
    this.#starting.catch(() => undefined);
  }

  #kill(entry: DriverChild): void {
    if (this.#entry === entry) this.#entry = null;
    this.#ready = false;
    const exited = killDriver(entry);
    this.#exits.add(exited);
    void exited.then(() => this.#exits.delete(exited));
  }

  #giveUp(reason: string): void {
    this.#gaveUp = reason;
    this.#lastReason = reason;
    this.#disarm();
    this.#failAll(reason);
  }

  #failAll(reason: string): void {
    const pending = [...this.#inflight, ...this.#queue];
    this.#inflight = [];
    this.#queue = [];
    for (const p of pending) p.resolve({ kind: 'failed', reason, pid: null });
  }

  /**
   * Ends the driver: an idle one gets end of input and a grace period to exit, a busy or
   * starting one is killed at once. Resolves when every process it started has exited.
   */
  async [Symbol.asyncDispose](): Promise<void> {
    this.#disposed = true;
    this.#disarm();
    const busy = !this.#ready || this.#inflight.length > 0;
    this.#failAll(`${this.#launch.describe} was shut down`);
    const entry = this.#entry;
    if (entry) {
      if (busy) {
        this.#kill(entry);
      } else {
        const exited = exitOf(entry.child);
        entry.child.stdin.end();
        const grace = this.#options.timers.set(CLOSE_GRACE_MS, () => this.#kill(entry));
        await exited;
        this.#options.timers.clear(grace);
        if (this.#entry === entry) this.#entry = null;
        forgetDriver(entry);
      }
    }
    await Promise.all(this.#exits);
  }
}
