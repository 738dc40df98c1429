/**
 * The run's targets as readers name them: which kind of column a target is, their order, and
 * one wording for a set of targets used everywhere (findings, table headers, evidence), so a
 * band reads the same in a dialog's title and in its body. A release target (`zed`) is Nova at
 * that release's maximum; a microversion target (`mv-2.47`) is "a Nova whose maximum is 2.47";
 * anything else (`zed@2.60`) is a capped release. Pure.
 */
import type { CellTarget } from '../matrix/result.js';
import { NOVA_RELEASES } from '../microversion/releases.js';
import { compareMicroversions, tryParseMicroversion } from '../microversion/version.js';

export type TargetKind = 'release' | 'microversion' | 'capped';
export const TARGET_KINDS: readonly TargetKind[] = ['release', 'microversion', 'capped'];

/** Which table a target belongs to. */
export function targetKind(target: CellTarget): TargetKind {
  if (target.id === target.release) return 'release';
  if (target.id.startsWith('mv-')) return 'microversion';
  return 'capped';
}

function releaseIndex(name: string): number {
  const index = NOVA_RELEASES.findIndex((r) => r.name === name);
  return index < 0 ? Number.MAX_SAFE_INTEGER : index;
}

/** Orders targets by maximum microversion, then release age, then id (stable for equal maxima). */
export function compareTargets(a: CellTarget, b: CellTarget): number {
  const va = tryParseMicroversion(a.maxMicroversion);
  const vb = tryParseMicroversion(b.maxMicroversion);
  if (va && vb) {
    const byVersion = compareMicroversions(va, vb);
    if (byVersion !== 0) return byVersion;
  }
  const byRelease = releaseIndex(a.release) - releaseIndex(b.release);
  if (byRelease !== 0) return byRelease;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Display title of a release name: `zed` → `Zed`; unknown names pass through. */
export function releaseTitle(name: string): string {
  return NOVA_RELEASES.find((r) => r.name === name)?.title ?? name;
}

/** `2022.2` for `zed`, empty when unknown. */
export function releaseSeries(name: string): string {
  return NOVA_RELEASES.find((r) => r.name === name)?.series ?? '';
}

/** `a–b` for a range, `a` when both ends are equal. */
export function formatRange(first: string, last: string): string {
  return first === last ? first : `${first}–${last}`;
}

/**
 * A run of consecutive targets of one kind: `Newton–Hibiscus` (releases), `max 2.30–2.104`
 * (Novas whose maximum is 2.30 … 2.104), `zed@2.60` (capped). "max" only ever means the
 * maximum of a microversion target.
 */
export function describeTargetRun(kind: TargetKind, first: CellTarget, last: CellTarget): string {
  if (kind === 'release') return formatRange(releaseTitle(first.release), releaseTitle(last.release));
  if (kind === 'microversion') return `max ${formatRange(first.maxMicroversion, last.maxMicroversion)}`;
  return formatRange(first.id, last.id);
}

export interface TargetRun {
  readonly kind: TargetKind;
  readonly run: readonly CellTarget[];
  /** The run reaches the newest target of its kind. */
  readonly toEnd: boolean;
  /** The run is every target of its kind. */
  readonly whole: boolean;
}

/** Splits the wanted targets into runs of consecutive targets (in `ordered`), kind by kind. */
export function targetRuns(ids: Iterable<string>, ordered: readonly CellTarget[]): TargetRun[] {
  const wanted = new Set(ids);
  const runs: TargetRun[] = [];
  for (const kind of TARGET_KINDS) {
    const ofKind = ordered.filter((t) => targetKind(t) === kind);
    let run: CellTarget[] = [];
    ofKind.forEach((target, i) => {
      if (wanted.has(target.id)) run.push(target);
      if ((!wanted.has(target.id) || i === ofKind.length - 1) && run.length > 0) {
        runs.push({ kind, run, toEnd: wanted.has(target.id) && i === ofKind.length - 1, whole: run.length === ofKind.length });
        run = [];
      }
    });
  }
  return runs;
}

/** A set of target ids condensed into runs: `Newton–Hibiscus, max 2.30–2.104, zed@2.60`. */
export function condenseTargets(ids: Iterable<string>, ordered: readonly CellTarget[]): string {
  return targetRuns(ids, ordered)
    .map(({ kind, run }) => describeTargetRun(kind, run[0]!, run[run.length - 1]!))
    .join(', ');
}

/**
 * Where something happens, for a sentence: `on Nova ≥ Newton (max ≥ 2.30)`,
 * `on Nova Liberty–Mitaka (max 2.1–2.24)`, `on every Nova`. Releases first, microversion
 * maxima in brackets; capped targets are left to the detail. A run up to the newest target
 * reads `≥`.
 */
export function describeWhere(ids: Iterable<string>, ordered: readonly CellTarget[]): string {
  const runs = targetRuns(ids, ordered);
  const of = (kind: TargetKind): TargetRun[] => runs.filter((r) => r.kind === kind);
  const text = (kind: TargetKind): string =>
    of(kind)
      .map(({ run, toEnd }) => {
        const first = run[0]!;
        const last = run[run.length - 1]!;
        const name = (t: CellTarget): string => (kind === 'release' ? releaseTitle(t.release) : kind === 'microversion' ? t.maxMicroversion : t.id);
        return toEnd && run.length > 1 ? `≥ ${name(first)}` : formatRange(name(first), name(last));
      })
      .join(', ');
  const everywhere = (kind: TargetKind): boolean => of(kind).length === 1 && of(kind)[0]!.whole;
  const kindsPresent = TARGET_KINDS.filter((kind) => ordered.some((t) => targetKind(t) === kind));
  if (kindsPresent.length > 0 && kindsPresent.every(everywhere)) return 'on every Nova';
  const releases = text('release');
  const maxima = text('microversion');
  if (releases && maxima) return `on Nova ${releases} (max ${maxima})`;
  if (releases) return `on Nova ${releases}`;
  if (maxima) return `on Novas with max ${maxima}`;
  const capped = text('capped');
  return capped ? `on ${capped}` : '';
}
