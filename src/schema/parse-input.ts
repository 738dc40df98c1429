/**
 * Parsing a user's YAML or JSON text into data, with every parser failure turned into a
 * position (`line 9, column 3`) the caller puts into its own error: YAML with unique keys and
 * a limit on alias expansion (a "billion laughs" file is refused, not expanded), JSON with the
 * line and column of the first syntax error. Pure.
 */
import { LineCounter, isAlias, parseDocument, visit, type Document } from 'yaml';

/** Most alias expansions a YAML input may cause (yaml's own default, stated here on purpose). */
export const MAX_YAML_ALIAS_COUNT = 100;

/** Why a text could not be parsed, and where. */
export class InputSyntaxError extends Error {
  /** `line 9, column 3`, when known. */
  readonly position: string | undefined;
  constructor(message: string, position: string | undefined) {
    super(message);
    this.name = 'InputSyntaxError';
    this.position = position;
  }
}

export interface ParsedYaml {
  readonly data: unknown;
  readonly document: Document;
  /** `line 12, column 7` for a JSON pointer into the data, when the node can be found. */
  locate(pointer: string): string | undefined;
}

function describePosition(lines: LineCounter, offset: number): string {
  const pos = lines.linePos(offset);
  return `line ${pos.line}, column ${pos.col}`;
}

/** Parses YAML text; throws {@link InputSyntaxError} on the first problem. */
export function parseYamlText(text: string): ParsedYaml {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    const first = document.errors[0]!;
    throw new InputSyntaxError(`not valid YAML: ${first.message.split('\n')[0]}`, describePosition(lines, first.pos[0]));
  }
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: MAX_YAML_ALIAS_COUNT });
  } catch (error) {
    // yaml throws a ReferenceError for excessive aliasing; anything else is a bad document too.
    let firstAlias: number | undefined;
    visit(document, {
      Alias(_key, node) {
        if (isAlias(node) && node.range) firstAlias = node.range[0];
        return visit.BREAK;
      },
    });
    const aliasing = /alias/i.test((error as Error).message);
    throw new InputSyntaxError(
      aliasing
        ? `YAML aliases expand too much (more than ${MAX_YAML_ALIAS_COUNT} alias expansions): refused as a resource exhaustion attempt`
        : `not valid YAML: ${(error as Error).message.split('\n')[0]}`,
      firstAlias === undefined ? undefined : describePosition(lines, firstAlias),
    );
  }
  return {
    data,
    document,
    locate(pointer: string): string | undefined {
      const path = pointer
        .split('/')
        .slice(1)
        .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
        .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
      const node = path.length === 0 ? document.contents : document.getIn(path, true);
      const range = (node as { range?: [number, number, number] } | undefined)?.range;
      return range ? describePosition(lines, range[0]) : undefined;
    },
  };
}

/** `line L, column C` of a character offset in `text` (both 1-based). */
export function positionAt(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `line ${line}, column ${end - lineStart + 1}`;
}

/** Parses JSON text; throws {@link InputSyntaxError} with the line and column of the error. */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = (error as Error).message;
    const at = /at position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) : /end of JSON input/i.test(message) ? text.length : undefined;
    const short = message.replace(/\s*\(line \d+ column \d+\)/, '').replace(/ in JSON at position \d+/, '');
    throw new InputSyntaxError(`not valid JSON: ${short}`, offset === undefined ? undefined : positionAt(text, offset));
  }
}
