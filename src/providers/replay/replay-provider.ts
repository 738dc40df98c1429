/**
 * A {@link NovaProvider} that serves a recorded cassette: the matrix runner can run cells
 * against recorded answers with no Nova at all.
 *
 * Limits (documented in docs/record-replay.md): it serves only the target the cassette was
 * recorded as; `createServer` can only hand out the server roles the recording used (e.g.
 * `unknown`), because nothing can be created in a recording; requests outside the recording
 * get status 598 answers.
 */
import { ERROR_CODES, MvmError } from '../../errors.js';
import type { NovaTarget } from '../../nova/target.js';
import type { AnswerSeen, NovaEndpoint, NovaProvider, ProvisionedServer } from '../provider.js';
import { REPLAY_HEADER, REPLAY_MISS_STATUS } from './replay-model.js';
import { startReplayServer, type ReplayServer } from './replay-server.js';
import { indexCassette, replayRequest, type ReplayIndex } from './replay-model.js';

const DEFAULT_PROJECT = '6f70656e737461636b20726f636b7321';

export interface ReplayProviderOptions {
  readonly cassettePath: string;
  readonly port?: number;
}

export class ReplayProvider implements NovaProvider {
  readonly kind = 'replay';
  /** Recordings cannot answer per-cell reads of migration state (see {@link NovaProvider}). */
  readonly readsMigrationRecords = false;
  readonly description: string;
  private index: ReplayIndex | undefined;

  private constructor(
    private readonly server: ReplayServer,
    private readonly cassettePath: string,
  ) {
    const m = server.cassette.metadata;
    this.description = `replay of ${cassettePath} (${m.novaVersion ? `Nova ${m.novaVersion}, ` : ''}target ${m.target}, recorded ${m.recordedAt})`;
  }

  /** Reads the cassette and starts its replay server. */
  static async start(options: ReplayProviderOptions): Promise<ReplayProvider> {
    const server = await startReplayServer({ cassettePath: options.cassettePath, ...(options.port === undefined ? {} : { port: options.port }) });
    return new ReplayProvider(server, options.cassettePath);
  }

  /** The target id the cassette was recorded as. */
  get targetId(): string {
    return this.server.cassette.metadata.target;
  }

  /**
   * Whether the cassette has an answer for this request (as the replay server would match it);
   * nothing is sent. Lets a verifier leave out what a recording cannot answer.
   */
  records(request: { method: string; path: string; headers: Readonly<Record<string, string>>; body: string }): boolean {
    this.index ??= indexCassette(this.server.cassette);
    return replayRequest(this.index, { ...request, query: '', headers: { ...request.headers } }, this.server.url).kind === 'hit';
  }

  /** What the cassette was recorded from (`live-migration`, `matrix:<file>@sha256:…`). */
  get requestSet(): string {
    return this.server.cassette.metadata.requestSet;
  }

  async endpointFor(target: NovaTarget): Promise<NovaEndpoint> {
    if (target.id !== this.targetId) {
      throw new MvmError(ERROR_CODES.PROVIDER, `cassette ${this.cassettePath} was recorded as target '${this.targetId}', not '${target.id}'`, {
        hint: `use the emulator provider for '${target.id}', or record a cassette from such a Nova`,
      });
    }
    return { target, computeUrl: `${this.server.url}/v2.1` };
  }

  async createServer(_endpoint: NovaEndpoint, template: string): Promise<ProvisionedServer> {
    const recorded = this.server.cassette.servers[template];
    if (!recorded) {
      const roles = Object.keys(this.server.cassette.servers).join(', ') || 'none';
      throw new MvmError(ERROR_CODES.PROVIDER, `cassette ${this.cassettePath} has no recorded server for template '${template}' (recorded roles: ${roles})`, {
        hint: 'a cassette can only replay the servers its recording used; run this cell on the emulator or a real Nova',
      });
    }
    return { id: recorded.id, host: recorded.host ?? '' };
  }

  /** A 598 miss is the replay server saying the request was never recorded: no answer of Nova's. */
  notNovasAnswer(response: AnswerSeen): string | undefined {
    if (response.status !== REPLAY_MISS_STATUS || response.headers[REPLAY_HEADER.toLowerCase()] !== 'miss') return undefined;
    const miss = (response.body as { mvmatrixReplayMiss?: { key?: unknown } } | null)?.mvmatrixReplayMiss;
    const key = typeof miss?.key === 'string' ? ` (key ${miss.key})` : '';
    return `replay miss: cassette ${this.cassettePath} has no recorded answer to this request${key}; re-record it from the matrix that runs (docs/record-replay.md)`;
  }

  token(caller: 'admin' | 'member'): string {
    // The replay server ignores tokens; this keeps the noauth2 shape clients expect.
    return `${caller}:${DEFAULT_PROJECT}`;
  }

  /** Requests answered from the cassette and requests that missed. */
  stats(): { hits: number; misses: number } {
    return this.server.stats();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.server.close();
  }
}

/** Starts a replay provider for a cassette file. */
export function createReplayProvider(options: ReplayProviderOptions): Promise<ReplayProvider> {
  return ReplayProvider.start(options);
}
