/**
 * Multi-target URL scheme of the emulator: `/…` serves the default target, `/@<targetId>/…`
 * serves any target spec `resolveTarget` accepts. Resolved targets are cached because the
 * spec parser is not free and the same handful of ids arrive on every request.
 */
import { isMvmError } from '../../errors.js';
import { resolveTarget as resolveTargetSpec, type NovaTarget } from '../target.js';

/** Where a request path points: its target, the path the model sees and the prefix used in hrefs. */
export type RoutedPath =
  | { readonly ok: true; readonly target: NovaTarget; readonly path: string; readonly prefix: string }
  | { readonly ok: false; readonly message: string };

/** Keeps the cache bounded: random junk ids must not grow memory without limit. */
const MAX_CACHED_TARGETS = 512;

export const TARGET_SPEC_HELP =
  'Address a target as /@<release>/ (e.g. /@zed/), /@<max microversion>/ (e.g. /@2.47/ or /@mv-2.47/) or /@<release>@<cap>/ (e.g. /@zed@2.60/).';

/** Splits `/@<id>/rest` into target and rest; caches targets by their raw path segment. */
export class TargetRouter {
  readonly #defaultTarget: NovaTarget;
  readonly #resolve: (spec: string) => NovaTarget;
  readonly #cache = new Map<string, NovaTarget>();

  constructor(defaultTarget: NovaTarget, resolve: (spec: string) => NovaTarget = (spec) => resolveTargetSpec(spec)) {
    this.#defaultTarget = defaultTarget;
    this.#resolve = resolve;
  }

  /** `rawPath` is the request path without its query string, still percent-encoded. */
  route(rawPath: string): RoutedPath {
    // charCode checks: the common case (no prefix) must not allocate.
    if (rawPath.charCodeAt(0) !== 47 /* / */ || rawPath.charCodeAt(1) !== 64 /* @ */) {
      return { ok: true, target: this.#defaultTarget, path: rawPath, prefix: '' };
    }
    const end = rawPath.indexOf('/', 2);
    const segment = end === -1 ? rawPath.slice(2) : rawPath.slice(2, end);
    const rest = end === -1 ? '/' : rawPath.slice(end);
    const prefix = `/@${segment}`;
    const cached = this.#cache.get(segment);
    if (cached) return { ok: true, target: cached, path: rest, prefix };
    const resolved = this.#resolveSegment(segment);
    if (typeof resolved === 'string') return { ok: false, message: resolved };
    if (this.#cache.size >= MAX_CACHED_TARGETS) this.#cache.clear();
    this.#cache.set(segment, resolved);
    return { ok: true, target: resolved, path: rest, prefix };
  }

  #resolveSegment(segment: string): NovaTarget | string {
    let spec: string;
    try {
      spec = decodeURIComponent(segment);
    } catch {
      return `Unknown emulator target '${segment}': not a valid percent-encoded path segment. ${TARGET_SPEC_HELP}`;
    }
    if (spec.trim() === '') return `Missing emulator target after '/@'. ${TARGET_SPEC_HELP}`;
    try {
      return this.#resolve(spec);
    } catch (error) {
      const reason = isMvmError(error) || error instanceof Error ? error.message : String(error);
      return `Unknown emulator target '${spec}': ${reason}. ${TARGET_SPEC_HELP}`;
    }
  }
}
