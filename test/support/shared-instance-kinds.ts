/**
 * The kinds of instance test files can lease (`shared-instances.ts`): how to start one for a
 * key, how to make it fresh before each lease, how to stop it. Runs in vitest's main process.
 * Add a kind here (e.g. a real Nova per release in a container, a client driver per Debian suite).
 */
import { startRealNova, type RunningRealNova } from '../../src/providers/real-nova/launcher.js';

export interface RunningInstance {
  /** JSON-serialisable facts the test files get (URL, version …). */
  readonly info: unknown;
  /** Puts the instance back to what a file may expect at the start of its lease. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export type InstanceKind = (key: string) => Promise<RunningInstance>;

/** What a real-Nova lease carries. */
export interface RealNovaInfo {
  readonly url: string;
  readonly novaVersion: string;
}

export const INSTANCE_KINDS: Readonly<Record<string, InstanceKind>> = {
  /** The host's Debian python3-nova (Zed); every seeded server back in its template state before each lease. */
  'real-nova': async (key) => {
    if (key !== 'zed') throw new Error(`the host's python3-nova is Zed; no real Nova '${key}' here`);
    const nova: RunningRealNova = await startRealNova();
    const info: RealNovaInfo = { url: nova.url, novaVersion: nova.novaVersion };
    return {
      info,
      async reset() {
        const response = await fetch(`${nova.url}_mvmatrix/reset`, { method: 'POST' });
        await response.arrayBuffer();
        if (response.status !== 204) throw new Error(`real Nova reset answered ${response.status}`);
      },
      close: () => nova.close(),
    };
  },
};
