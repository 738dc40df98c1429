/**
 * The conformance allow-list (`contracts/conformance-allowlist.yaml`): differences between
 * the real Novas and the emulator that are explained, each with the releases it applies to
 * and a reason. An entry matches a case when every condition it states holds; it allows the
 * listed aspects (default: all).
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { ERROR_CODES, MvmError } from '../errors.js';
import type { ConformanceCase } from './corpus/case.js';
import type { Aspect, Difference } from './compare.js';
import type { HarnessMode } from '../providers/real-nova/full-mode.js';

export type { HarnessMode };

export interface AllowEntry {
  readonly id: string;
  readonly reason: string;
  /** The releases (code names: `zed`, `hibiscus`) whose real Nova shows this difference. */
  readonly releases: readonly string[];
  readonly group?: string;
  readonly template?: string;
  readonly realStatus?: number;
  readonly emulatorStatus?: number;
  /** Regular expression on the real fault message (or body). */
  readonly realMessage?: string;
  /** Regular expression on the emulator's fault message (or body). */
  readonly emulatorMessage?: string;
  /** Regular expression on the case summary. */
  readonly summary?: string;
  readonly aspects?: readonly Aspect[];
  /**
   * Which harness mode the difference belongs to: `api-only` (the API alone: no conductor, no
   * Placement) or `full` (the whole control plane). Absent: both.
   */
  readonly mode?: HarnessMode;
}

export interface AllowList {
  readonly entries: readonly AllowEntry[];
}

const ASPECTS: readonly Aspect[] = ['status', 'fault', 'microversion-headers', 'content-type', 'body', 'migration-record', 'server-state'];
const MODES: readonly HarnessMode[] = ['api-only', 'full'];
const KEYS = ['id', 'reason', 'releases', 'group', 'template', 'realStatus', 'emulatorStatus', 'realMessage', 'emulatorMessage', 'summary', 'aspects', 'mode'];

/** Decodes the YAML text; any shape problem is an INVALID_BASELINE error naming the entry. */
export function parseAllowList(text: string, file: string): AllowList {
  const bad = (where: string, message: string): MvmError => new MvmError(ERROR_CODES.INVALID_BASELINE, message, { where: `${file}: ${where}` });
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new MvmError(ERROR_CODES.INVALID_BASELINE, `not YAML: ${(error as Error).message}`, { where: file, cause: error });
  }
  if (!data || typeof data !== 'object' || (data as { version?: unknown }).version !== 1) throw bad('version', 'expected `version: 1`');
  const entries = (data as { entries?: unknown }).entries ?? [];
  if (!Array.isArray(entries)) throw bad('entries', 'expected a list');
  const ids = new Set<string>();
  return {
    entries: entries.map((raw, i): AllowEntry => {
      const where = `entries[${i}]`;
      if (!raw || typeof raw !== 'object') throw bad(where, 'expected a mapping');
      const entry = raw as Record<string, unknown>;
      for (const key of Object.keys(entry)) if (!KEYS.includes(key)) throw bad(`${where}.${key}`, `unknown key (known: ${KEYS.join(', ')})`);
      if (typeof entry['id'] !== 'string' || ids.has(entry['id'])) throw bad(`${where}.id`, 'needs a unique string id');
      ids.add(entry['id']);
      if (typeof entry['reason'] !== 'string' || entry['reason'].trim().length < 10) throw bad(`${where}.reason`, 'every entry needs a reason');
      const releases = entry['releases'];
      if (!Array.isArray(releases) || releases.length === 0 || releases.some((r) => typeof r !== 'string' || r.trim() === '')) {
        throw bad(`${where}.releases`, 'every entry names the releases it applies to (a list of code names: [zed, hibiscus])');
      }
      for (const key of ['realMessage', 'emulatorMessage', 'summary']) {
        if (entry[key] === undefined) continue;
        try {
          new RegExp(String(entry[key]));
        } catch {
          throw bad(`${where}.${key}`, 'not a regular expression');
        }
      }
      const aspects = entry['aspects'];
      if (aspects !== undefined && (!Array.isArray(aspects) || aspects.some((a) => !ASPECTS.includes(a as Aspect)))) {
        throw bad(`${where}.aspects`, `a list of ${ASPECTS.join(', ')}`);
      }
      if (entry['mode'] !== undefined && !MODES.includes(entry['mode'] as HarnessMode)) throw bad(`${where}.mode`, `mode must be one of ${MODES.join(', ')} (got ${JSON.stringify(entry['mode'])})`);
      return entry as unknown as AllowEntry;
    }),
  };
}

export async function loadAllowList(file: string): Promise<AllowList> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new MvmError(ERROR_CODES.INVALID_BASELINE, `cannot read the allow-list: ${(error as Error).message}`, { where: file, cause: error });
  }
  return parseAllowList(text, file);
}

export interface CaseFacts {
  readonly case: ConformanceCase;
  /** The real Nova's release (code name). */
  readonly release: string;
  readonly realStatus: number;
  readonly emulatorStatus: number;
  readonly realMessage: string;
  readonly emulatorMessage: string;
  /** The harness mode the real side ran in; default `api-only`. */
  readonly mode?: HarnessMode;
}

function matches(entry: AllowEntry, facts: CaseFacts, differences: readonly Difference[]): boolean {
  const c = facts.case;
  if (!entry.releases.includes(facts.release)) return false;
  if (entry.group !== undefined && entry.group !== c.group) return false;
  if (entry.mode !== undefined && entry.mode !== (facts.mode ?? 'api-only')) return false;
  if (entry.template !== undefined && (c.server?.kind === 'missing' || c.server?.template !== entry.template)) return false;
  if (entry.realStatus !== undefined && entry.realStatus !== facts.realStatus) return false;
  if (entry.emulatorStatus !== undefined && entry.emulatorStatus !== facts.emulatorStatus) return false;
  if (entry.realMessage !== undefined && !new RegExp(entry.realMessage).test(facts.realMessage)) return false;
  if (entry.emulatorMessage !== undefined && !new RegExp(entry.emulatorMessage).test(facts.emulatorMessage)) return false;
  if (entry.summary !== undefined && !new RegExp(entry.summary).test(c.summary)) return false;
  const allowed = entry.aspects ?? ASPECTS;
  return differences.every((d) => allowed.includes(d.aspect));
}

/** The id of the first entry explaining all `differences`, or undefined. */
export function allowedBy(list: AllowList, facts: CaseFacts, differences: readonly Difference[]): string | undefined {
  return list.entries.find((entry) => matches(entry, facts, differences))?.id;
}
