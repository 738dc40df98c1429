/**
 * The folder tree is the architecture (docs/decisions/0004-layers.md): every import between two
 * parts of `src/` points down the layer table, and the pure parts import no socket, process,
 * file or container library. Read from the source text, so a new upward arrow fails here.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

/**
 * Layers, lowest first. A part may import only parts of a strictly lower layer (and itself).
 * Keys are folders (or top-level files) under src/; the longest matching key names a file's part.
 */
const LAYERS: ReadonlyArray<readonly string[]> = [
  ['errors', 'version', 'util'],
  ['fs', 'http', 'schema', 'redaction'],
  ['microversion'],
  // What Nova does and what clients send: the two models everything else is judged by.
  ['nova', 'clients', 'conformance/corpus'],
  // Matrix definition, expansion, classification, gate, results; the cassette format.
  ['matrix', 'cassette'],
  ['findings', 'providers'],
  ['reports', 'drivers'],
  // Running a matrix on a provider.
  ['run'],
  // Uses of runs: the differential against real Novas, Pact contracts.
  ['conformance', 'pact'],
  ['cli', 'index'],
];

/** Parts that are pure functions over data: no node:*, undici, testcontainers or Pact. */
const PURE = ['microversion', 'nova', 'clients', 'conformance/corpus', 'matrix', 'findings', 'reports'];
/** Files inside pure parts that are their edge, each named with what it touches. */
const EDGES: Readonly<Record<string, string>> = {
  'nova/adapters/node-server.ts': 'the emulator on node:http',
  'nova/adapters/emulator-edge.ts': 'raw sockets in front of the model',
  'nova/adapters/raw-fault.ts': 'faults written to a raw socket',
  'matrix/load-matrix.ts': 'reads the matrix file',
  'matrix/gate-io.ts': 'reads and writes baselines and allow-lists',
  'matrix/result-stream.ts': 'writes matrix.json as the cells run (a spool file beside it)',
  'reports/templates.ts': 'loads the Handlebars templates',
  'reports/index.ts': 'writes the report files',
};
const IMPURE = /^(node:|undici$|testcontainers$|@pact-foundation\/)/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

const posix = (path: string) => path.split(sep).join('/');
const keys = LAYERS.flat();
function partOf(fileUnderSrc: string): string {
  const path = fileUnderSrc.replace(/\.(ts|js)$/, '');
  const hits = keys.filter((k) => path === k || path.startsWith(`${k}/`));
  hits.sort((a, b) => b.length - a.length);
  return hits[0] ?? `(no layer: ${path})`;
}
const layerOf = (part: string) => LAYERS.findIndex((layer) => layer.includes(part));

interface ImportEdge {
  readonly file: string;
  readonly specifier: string;
}
function importsOf(file: string): ImportEdge[] {
  const text = readFileSync(file, 'utf8');
  const found: ImportEdge[] = [];
  for (const m of text.matchAll(/(?:^|\s)(?:import|export)\s[^;]*?from\s*'([^']+)'|import\(\s*'([^']+)'\s*\)/g)) {
    found.push({ file, specifier: (m[1] ?? m[2])! });
  }
  return found;
}

const files = sourceFiles(SRC);
const edges = files.flatMap(importsOf);

describe('the layers of src/', () => {
  it('places every source file in exactly one part of the layer table', () => {
    const unplaced = files.map((f) => posix(relative(SRC, f))).filter((f) => layerOf(partOf(f)) < 0);
    expect(unplaced).toEqual([]);
  });

  it('has imports between parts only pointing to a lower layer', () => {
    const upward: string[] = [];
    for (const { file, specifier } of edges) {
      if (!specifier.startsWith('.')) continue;
      const from = partOf(posix(relative(SRC, file)));
      const to = partOf(posix(relative(SRC, resolve(dirname(file), specifier))));
      if (from !== to && layerOf(to) >= layerOf(from)) upward.push(`${posix(relative(SRC, file))} → ${specifier} (${from} → ${to})`);
    }
    expect(upward).toEqual([]);
    // The check sees the imports it judges: the runner does import the providers it runs on.
    expect(edges.some((e) => e.file.endsWith(`${sep}run${sep}run.ts`) && e.specifier.includes('providers/provider.js'))).toBe(true);
  });

  it('keeps the pure parts free of node:*, undici, testcontainers and Pact, except their named edge files', () => {
    const impure: string[] = [];
    for (const { file, specifier } of edges) {
      const rel = posix(relative(SRC, file));
      if (!PURE.includes(partOf(rel)) || rel in EDGES) continue;
      if (IMPURE.test(specifier)) impure.push(`${rel} imports ${specifier}`);
    }
    expect(impure).toEqual([]);
    for (const edge of Object.keys(EDGES)) expect(files.map((f) => posix(relative(SRC, f))), `edge file ${edge} exists`).toContain(edge);
  });

  it('names a reason for every part of the table that exists in src/', () => {
    const parts = new Set(files.map((f) => partOf(posix(relative(SRC, f)))));
    for (const key of keys) expect(parts.has(key), `${key} is a part with files`).toBe(true);
  });
});
