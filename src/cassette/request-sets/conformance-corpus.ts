/**
 * The differential conformance corpus (src/conformance/corpus/corpus.ts) as a request set: its
 * cases against missing and seeded servers, as admin, member or without a token. Cases that
 * need a fresh server (they may change its state) are left out: a recording has no way to
 * make one, and replaying a 202 that changed state would mislead.
 */
import { buildCorpus, MISSING_SERVER_ID } from '../../conformance/corpus/corpus.js';
import { DEFAULT_WORLD } from '../../nova/world.js';
import type { RecordRequestSpec, RequestSet } from '../request-set.js';

/** Builds the set for the corpus's default seed. */
export function conformanceCorpusRequestSet(): RequestSet {
  const seeded: Record<string, string> = {};
  const servers: Record<string, { id: string; host: string | null }> = { unknown: { id: MISSING_SERVER_ID, host: null } };
  for (const server of DEFAULT_WORLD.servers) {
    seeded[server.template] = server.id;
    servers[server.template] = { id: server.id, host: DEFAULT_WORLD.templates[server.template]?.host ?? null };
  }
  const requests: RecordRequestSpec[] = [];
  for (const c of buildCorpus({ seeded })) {
    if (c.server?.kind === 'fresh') continue;
    requests.push({
      name: `${c.id} ${c.summary}`,
      method: c.method,
      path: c.path.replace('{server}', '{server_id}').replace('{project}', '{project_id}'),
      serverRef: c.server === undefined ? null : c.server.kind === 'missing' ? 'unknown' : c.server.template,
      headers: c.headers,
      body: c.body ?? '',
      caller: c.caller,
    });
  }
  return { name: 'conformance-corpus', servers, requests };
}
