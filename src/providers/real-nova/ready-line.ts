/**
 * The harness's ready line: `MVMATRIX-READY {"port": N, "release": …, "nova_version": …,
 * "mode": …, "server": …}` on stdout once it answers. With host networking the harness picks
 * an ephemeral port, and this line is the only way to learn it. Pure.
 */
export const READY_PREFIX = 'MVMATRIX-READY ';

export interface ReadyLine {
  readonly port: number;
  readonly release: string | null;
  readonly novaVersion: string | null;
  readonly mode: string | null;
  /** Full mode asked for but not possible in this release: why (the harness serves the API alone). */
  readonly fullUnavailable: string | null;
}

/** The ready line among `text`'s lines, or undefined while it has not arrived. */
export function findReadyLine(text: string): ReadyLine | undefined {
  const line = text.split('\n').find((l) => l.startsWith(READY_PREFIX));
  if (!line) return undefined;
  let info: Record<string, unknown>;
  try {
    info = JSON.parse(line.slice(READY_PREFIX.length)) as Record<string, unknown>;
  } catch {
    return undefined; // not complete yet
  }
  const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  if (typeof info['port'] !== 'number') return undefined;
  return {
    port: info['port'],
    release: str(info['release']),
    novaVersion: str(info['nova_version']),
    mode: str(info['mode']),
    fullUnavailable: str(info['full_unavailable']),
  };
}
