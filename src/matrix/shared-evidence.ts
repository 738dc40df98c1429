/**
 * One copy of evidence many cells share. Tens of thousands of cells carry the same header sets,
 * the same Nova fault bodies, the same explanations and paths; each arrives as its own object or
 * string (parsed, redacted, built per cell). A run keeps every cell until its outputs are
 * written, so it hands each finished cell through one {@link SharedEvidence}, which swaps every
 * such value for the first equal one it saw (equal JSON: same keys in the same order, same
 * values). Nothing changes in what a cell says or how it is written — only how many copies are
 * held (and matrix.json's encoder, which numbers header sets and bodies by object, meets each
 * shared object once). Cells are never mutated afterwards, so sharing is safe. Pure.
 */
import type { CellRequest, CellResponse, CellResult, CellTarget } from './result.js';

type World = NonNullable<CellResult['world']>;

export class SharedEvidence {
  private readonly objects = new Map<string, unknown>();
  private readonly texts = new Map<string, string>();
  private readonly targets = new Map<string, CellTarget>();
  private readonly worlds = new Map<string, World>();

  private text(value: string): string {
    const known = this.texts.get(value);
    if (known !== undefined) return known;
    this.texts.set(value, value);
    return value;
  }

  /** Objects and arrays by their JSON; strings by value; anything else as it is. */
  private value<T>(value: T): T {
    if (typeof value === 'string') return this.text(value) as T;
    if (typeof value !== 'object' || value === null) return value;
    const json = JSON.stringify(value);
    const known = this.objects.get(json);
    if (known !== undefined) return known as T;
    this.objects.set(json, value);
    return value;
  }

  private request(request: CellRequest | null): CellRequest | null {
    if (request === null) return null;
    return { ...request, path: this.text(request.path), headers: this.value(request.headers), body: this.value(request.body) };
  }

  private response(response: CellResponse | null): CellResponse | null {
    if (response === null) return null;
    return { ...response, headers: this.value(response.headers), body: this.value(response.body) };
  }

  private target(target: CellTarget): CellTarget {
    const key = `${target.id}\0${target.release}\0${target.maxMicroversion}`;
    const known = this.targets.get(key);
    if (known !== undefined) return known;
    this.targets.set(key, target);
    return target;
  }

  private world(world: World): World {
    const key = `${world.server}\0${world.caller}`;
    const known = this.worlds.get(key);
    if (known !== undefined) return known;
    this.worlds.set(key, world);
    return world;
  }

  /** The same cell (same keys in the same order, equal values) holding shared copies. */
  cell(cell: CellResult): CellResult {
    return {
      ...cell,
      profile: this.text(cell.profile),
      scenario: this.text(cell.scenario),
      target: this.target(cell.target),
      explanation: this.text(cell.explanation),
      request: this.request(cell.request),
      ...(cell.refusal === undefined ? {} : { refusal: this.text(cell.refusal) }),
      response: this.response(cell.response),
      ...(cell.world === undefined ? {} : { world: this.world(cell.world) }),
      ...(cell.migration === undefined || cell.migration === null ? {} : { migration: this.value(cell.migration) }),
    };
  }
}
