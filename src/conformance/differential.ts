/**
 * Runs the corpus against both sides and judges every case: agreement, a difference the
 * allow-list explains, or an unlisted difference (a conformance failure).
 */
import { allowedBy, type AllowList, type HarnessMode } from './allowlist.js';
import type { ConformanceCase } from './corpus/case.js';
import { bandOf, compareAnswers, faultOf, type Answer, type Difference } from './compare.js';
import { mapConcurrent } from '../util/map-concurrent.js';
import { CaseSender, type Side } from './exchange.js';

export interface CaseResult {
  readonly case: ConformanceCase;
  readonly real: Answer;
  readonly emulator: Answer;
  readonly differences: readonly Difference[];
  /** Allow-list entry id when the differences are explained. */
  readonly allowedBy: string | undefined;
  readonly band: string;
  readonly realMs: number;
}

export interface DifferentialRun {
  readonly release: string;
  readonly maxMicroversion: string;
  readonly results: readonly CaseResult[];
  readonly seconds: number;
  readonly realDescription: string;
  readonly emulatorDescription: string;
}

export interface DifferentialOptions {
  /** The real Nova's release (code name): allow-list entries apply per release. Default `zed`. */
  readonly release?: string;
  /** Its maximum microversion, for the report's bands. Default 2.93. */
  readonly maxMicroversion?: string;
  readonly concurrency?: number;
  readonly realDescription?: string;
  readonly emulatorDescription?: string;
  /** The real side's harness mode (allow-list entries may apply to one mode only). Default `api-only`. */
  readonly mode?: HarnessMode;
}

/**
 * More to compare after both answers arrived (the stateful cases: settle the migrations and
 * read them back on both sides): extra differences, and what the result keeps of it.
 */
export type CaseFollowUp<X> = (c: ConformanceCase, real: Answer, emulator: Answer) => Promise<{ readonly differences: readonly Difference[]; readonly extra: X }>;

/** The fault message of an answer, or its body. */
export function messageOf(answer: Answer): string {
  return faultOf(answer.body)?.message ?? answer.body;
}

export function runDifferential(cases: readonly ConformanceCase[], real: Side, emulator: Side, allowList: AllowList, options?: DifferentialOptions): Promise<DifferentialRun>;
export function runDifferential<C extends ConformanceCase, X>(
  cases: readonly C[],
  real: Side,
  emulator: Side,
  allowList: AllowList,
  options: DifferentialOptions,
  followUp: CaseFollowUp<X>,
): Promise<DifferentialRun & { readonly results: ReadonlyArray<CaseResult & { readonly case: C; readonly extra: X }> }>;
export async function runDifferential(
  cases: readonly ConformanceCase[],
  real: Side,
  emulator: Side,
  allowList: AllowList,
  options: DifferentialOptions = {},
  followUp?: CaseFollowUp<unknown>,
): Promise<DifferentialRun> {
  const sender = new CaseSender();
  const release = options.release ?? 'zed';
  const max = options.maxMicroversion ?? '2.93';
  const started = performance.now();
  try {
    const results = await mapConcurrent(cases, options.concurrency ?? 16, async (c): Promise<CaseResult> => {
      const [r, e] = await Promise.all([sender.send(real, c), sender.send(emulator, c)]);
      const realAnswer: Answer = { ...r, baseUrl: real.baseUrl };
      const emulatorAnswer: Answer = { ...e, baseUrl: emulator.baseUrl };
      const more = followUp ? await followUp(c, realAnswer, emulatorAnswer) : undefined;
      const differences = [...compareAnswers(c, realAnswer, emulatorAnswer), ...(more?.differences ?? [])];
      const facts = { case: c, release, realStatus: r.status, emulatorStatus: e.status, realMessage: messageOf(realAnswer), emulatorMessage: messageOf(emulatorAnswer), mode: options.mode ?? 'api-only' };
      return {
        case: c,
        real: realAnswer,
        emulator: emulatorAnswer,
        differences,
        allowedBy: differences.length > 0 ? allowedBy(allowList, facts, differences) : undefined,
        band: bandOf(realAnswer, c, max),
        realMs: r.ms,
        ...(more ? { extra: more.extra } : {}),
      };
    });
    return {
      release,
      maxMicroversion: max,
      results,
      seconds: (performance.now() - started) / 1000,
      realDescription: options.realDescription ?? real.baseUrl,
      emulatorDescription: options.emulatorDescription ?? emulator.baseUrl,
    };
  } finally {
    await sender.close();
  }
}

export function unlistedDifferences(run: DifferentialRun): CaseResult[] {
  return run.results.filter((r) => r.differences.length > 0 && r.allowedBy === undefined);
}

/** A few differences, readable in a test failure. */
export function describeDifferences(results: readonly CaseResult[], limit = 8): string {
  return results
    .slice(0, limit)
    .map((r) => {
      const c = r.case;
      const lines = [`${c.id} [${c.group}] ${c.summary}`, `  ${c.method} ${c.path} headers=${JSON.stringify(c.headers)} body=${c.body ?? ''}`];
      for (const d of r.differences) lines.push(`  ${d.aspect}:\n    real:     ${d.real}\n    emulator: ${d.emulator}`);
      return lines.join('\n');
    })
    .join('\n');
}
