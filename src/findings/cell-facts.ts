/**
 * What the findings need to know about one cell, read off the cell and its scenario: what the
 * user asked for (the intent), what went on the wire (the os-migrateLive body, the requested
 * microversion), what took effect and what Nova answered. Pure.
 */
import type { ScenarioIntent } from '../matrix/definition.js';
import type { CellResult, ScenarioSummary } from '../matrix/result.js';
import { readRequestedMicroversionNewton } from '../microversion/headers.js';
import { tryParseMicroversion, type Microversion } from '../microversion/version.js';
import { escapeRegExp } from './text.js';

export type HostKind = 'named' | 'auto';

export interface CellFacts {
  readonly cell: CellResult;
  /** The scenario's intent; absent in results written before intents were recorded. */
  readonly intent: ScenarioIntent | undefined;
  /** The scenario expects Nova to refuse (`expect.error`). */
  readonly negative: boolean;
  readonly hostKind: HostKind;
  /** The `os-migrateLive` object sent, or null (refused, or another body). */
  readonly body: Readonly<Record<string, unknown>> | null;
  /** The microversion the request asked for (`2.30`), or null for none (Nova's default 2.1). */
  readonly requested: string | null;
  readonly effective: Microversion | null;
  readonly targetMax: Microversion | null;
  /** The fault message of a 4xx/5xx answer, in {@link CellFacts.shape}. */
  readonly fault: string | null;
  /** A message with this cell's own numbers and names as placeholders: `<server>`, `<host>`, `<max>`. */
  readonly shape: (text: string) => string;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** Shaped messages by raw text: a run repeats a few hundred messages over thousands of cells. */
const SHAPES = new Map<string, string>();
const SHAPES_KEPT = 4096;

/** A message with server and request ids taken out and spaces flattened. */
export function messageShape(text: string): string {
  let shaped = SHAPES.get(text);
  if (shaped === undefined) {
    shaped = text.replace(UUID, '<server>').replace(/req-<server>/g, '<request>').replace(/\s+/g, ' ').trim();
    if (SHAPES.size >= SHAPES_KEPT) SHAPES.clear();
    SHAPES.set(text, shaped);
  }
  return shaped;
}


/** Compiled placeholder patterns, by what they replace (a run has few hosts and maxima). */
const PATTERNS = new Map<string, RegExp>();

function pattern(kind: 'host' | 'max', value: string): RegExp {
  const key = `${kind}\u0000${value}`;
  let re = PATTERNS.get(key);
  if (!re) {
    re = kind === 'host' ? new RegExp(`(?<![\\w.-])${escapeRegExp(value)}(?![\\w.-])`, 'g') : new RegExp(`(?<![\\d.])${escapeRegExp(value)}(?![\\d])`, 'g');
    PATTERNS.set(key, re);
  }
  return re;
}

/**
 * A cell's messages with its own server, destination and maximum microversion as
 * placeholders, so the same answer on many targets reads (and groups) as one.
 */
function shaper(cell: CellResult): (text: string) => string {
  return (text) => {
    let shaped = messageShape(text);
    if (cell.destination) shaped = shaped.replace(pattern('host', cell.destination), '<host>');
    if (cell.target.maxMicroversion !== '2.1') shaped = shaped.replace(pattern('max', cell.target.maxMicroversion), '<max>');
    return shaped;
  };
}

function faultOf(body: unknown): string | null {
  if (body && typeof body === 'object') {
    const inner = Object.values(body as Record<string, unknown>)[0];
    if (inner && typeof inner === 'object' && typeof (inner as { message?: unknown }).message === 'string') return (inner as { message: string }).message;
  }
  if (typeof body === 'string' && body !== '') return body;
  return body === null || body === undefined ? null : JSON.stringify(body);
}

function migrateLiveBody(body: unknown): Record<string, unknown> | null {
  const inner = body && typeof body === 'object' ? (body as Record<string, unknown>)['os-migrateLive'] : undefined;
  return inner && typeof inner === 'object' && !Array.isArray(inner) ? (inner as Record<string, unknown>) : null;
}

function requestedOf(headers: Readonly<Record<string, string>>): string | null {
  const requested = readRequestedMicroversionNewton(headers);
  return requested.kind === 'default' ? null : requested.raw;
}

/** Reads the facts of a cell; `scenarios` maps scenario id → its summary (with intent). */
export function cellFacts(cell: CellResult, scenarios: ReadonlyMap<string, ScenarioSummary>): CellFacts {
  const scenario = scenarios.get(cell.scenario);
  const status = cell.response?.status ?? 0;
  const shape = shaper(cell);
  return {
    cell,
    intent: scenario?.intent,
    negative: scenario?.expect?.error !== undefined,
    hostKind: scenario?.intent ? (scenario.intent.host === 'named' ? 'named' : 'auto') : cell.destination ? 'named' : 'auto',
    body: cell.request ? migrateLiveBody(cell.request.body) : null,
    requested: cell.request ? requestedOf(cell.request.headers) : null,
    effective: cell.effectiveMicroversion ? (tryParseMicroversion(cell.effectiveMicroversion) ?? null) : null,
    targetMax: tryParseMicroversion(cell.target.maxMicroversion) ?? null,
    fault: status >= 400 ? shape(faultOf(cell.response?.body) ?? '') : null,
    shape,
  };
}
