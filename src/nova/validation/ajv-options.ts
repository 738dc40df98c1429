/** ajv's options for Nova's schemas, shared by the runtime compile and the build's precompile. Pure. */
import type { Options } from 'ajv';
import { pythonRegExp } from './python-regexp.js';

/** Python `re.search` semantics for `pattern` (python-regexp.ts); `code` adds code-generation options. */
export function novaAjvOptions(code: Record<string, unknown> = {}): Options {
  return {
    allErrors: false,
    allowUnionTypes: true,
    strict: true,
    code: { ...code, regExp: Object.assign((source: string, flags: string) => pythonRegExp(source, flags), { code: 'pythonRegExp' }) },
  };
}
