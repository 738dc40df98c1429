/**
 * The temporary files of atomic writes that are in flight, so that an interrupted process
 * (SIGINT, SIGTERM) can remove them before it exits: a `.matrix.json.<pid>.….tmp` never
 * outlives the command that wrote it. Also announces each temporary file on the diagnostics
 * channel {@link TEMPORARY_FILE_CHANNEL} (free when nobody listens; the fault tests listen).
 */
import { channel } from 'node:diagnostics_channel';
import { rmSync } from 'node:fs';

/** Diagnostics channel: `{ path, target }` when a temporary file has been created. */
export const TEMPORARY_FILE_CHANNEL = 'mvmatrix:temporary-file';

const inFlight = new Set<string>();
const announce = channel(TEMPORARY_FILE_CHANNEL);

/** Records a temporary file that now exists; call the returned function once it is renamed or removed. */
export function trackTemporaryFile(path: string, target: string): () => void {
  inFlight.add(path);
  if (announce.hasSubscribers) announce.publish({ path, target });
  return () => void inFlight.delete(path);
}

/** How many temporary files are in flight. */
export function temporaryFilesInFlight(): number {
  return inFlight.size;
}

/** Removes every temporary file in flight, synchronously (for signal handlers); returns how many. */
export function removeTemporaryFilesSync(): number {
  let removed = 0;
  for (const path of inFlight) {
    try {
      rmSync(path, { force: true });
      removed++;
    } catch {
      // Nothing more can be done on the way out.
    }
  }
  inFlight.clear();
  return removed;
}
