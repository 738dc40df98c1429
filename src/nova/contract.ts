/**
 * Contracts of the Nova model, shared by the emulator, the providers and the classifier.
 * "What Nova does with this request" has exactly one implementation
 * (`live-migration.ts`, {@link InterpretMigrateLive}); everything else asks it.
 */
import type { HttpRequest, HttpResponse } from '../http/message.js';
import type { NovaRelease } from '../microversion/releases.js';
import type { Microversion } from '../microversion/version.js';
import type { NovaTarget } from './target.js';

/** The os-migrateLive schema bands (facts §3.2), named by their first microversion. */
export type MigrateLiveBandId = '2.1' | '2.25' | '2.30' | '2.68';

/**
 * How Nova treats the destination host:
 * - `scheduler`: no host given; the scheduler picks one.
 * - `forced`: the host is used as is, the scheduler bypassed (below 2.30 always; 2.30–2.67 with force).
 * - `scheduler-verified`: the host is handed to the scheduler as requested destination (2.30+ without force).
 */
export type HostHandling = 'scheduler' | 'forced' | 'scheduler-verified';

/** What Nova will do with a schema-valid os-migrateLive body at one microversion. */
export interface MigrateLiveAction {
  readonly band: MigrateLiveBandId;
  readonly microversion: Microversion;
  readonly host: string | null;
  readonly hostHandling: HostHandling;
  /** `auto` (2.25+) lets Nova choose; booleans after Nova's strict-bool conversion. */
  readonly blockMigration: boolean | 'auto';
  /** Disk over-commit as Nova applies it; `null` where the concept no longer exists (2.25+). */
  readonly diskOverCommit: boolean | null;
  /** The force flag Nova applies (2.30–2.67); `null` where it does not exist. */
  readonly force: boolean | null;
  /** Pre-checks run after the 202 (2.34+), so their failures show only on the migration record. */
  readonly asyncPreChecks: boolean;
}

/** A Nova fault as data: rendered as `{"<key>": {"code": status, "message": message}}`. */
export interface NovaFault {
  readonly status: number;
  readonly message: string;
}

export type MigrateLiveInterpretation =
  | { readonly ok: true; readonly action: MigrateLiveAction }
  | { readonly ok: false; readonly fault: NovaFault };

/**
 * Validates an os-migrateLive request body (already JSON-parsed, the whole `{"os-migrateLive": ...}`
 * object) at `microversion` and says what Nova does with it, or the 400 it answers.
 * `legacyV2` = the request came through the `/v2` endpoint (2.0 schema, extra keys stripped).
 */
export type InterpretMigrateLive = (
  body: unknown,
  microversion: Microversion,
  options?: {
    legacyV2?: boolean;
    /** The release answering: 32.0.0 reordered the host checks, which changes some 400 texts. */
    release?: Pick<NovaRelease, 'novaMajor'> & Partial<Pick<NovaRelease, 'jsonschemaNonEmptyWording'>>;
  },
) => MigrateLiveInterpretation;

/** Where a request arrived: which target, and the URL prefix used to build hrefs. */
export interface EmulatorRequestContext {
  readonly target: NovaTarget;
  /** `http://127.0.0.1:8774` or `http://127.0.0.1:8774/@zed`: no trailing slash. */
  readonly origin: string;
}

/** Server templates a cell can ask a fresh server from (the default world's states). */
export type ServerTemplateName = string;

/** The emulator's pure model: decides every response; the HTTP adapter only parses and writes. */
export interface NovaEmulator {
  handle(request: HttpRequest, context: EmulatorRequestContext): HttpResponse;
}
