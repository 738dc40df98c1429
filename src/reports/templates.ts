/**
 * Finding a report template: the user's `--templates` directory first (any subset of the
 * files), the built-in `templates/` folder otherwise. The built-in folder is found relative to
 * this module, so it works from both `src/` (tests) and `dist/` (installed package).
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ERROR_CODES, MvmError } from '../errors.js';

/** The built-in templates directory (`<package>/templates/`). */
export const BUILTIN_TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

export interface LoadedTemplate {
  readonly file: string;
  readonly source: string;
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isFile(), () => false);
}

/** Checks that a user templates directory exists; throws a coded error naming it otherwise. */
export async function checkTemplatesDir(dir: string): Promise<void> {
  const ok = await stat(dir).then((s) => s.isDirectory(), () => false);
  if (!ok) {
    throw new MvmError(ERROR_CODES.INVALID_TEMPLATES, 'templates directory not found', {
      where: dir,
      hint: `pass a directory holding any of matrix.md.hbs, matrix.html.hbs, junit.xml.hbs, summary.md.hbs, diff.md.hbs (defaults: ${BUILTIN_TEMPLATES_DIR})`,
    });
  }
}

/** Reads template `name` from `userDir` when present there, else the built-in one. */
export async function loadTemplate(name: string, userDir?: string): Promise<LoadedTemplate> {
  const candidates = userDir ? [join(userDir, name), join(BUILTIN_TEMPLATES_DIR, name)] : [join(BUILTIN_TEMPLATES_DIR, name)];
  for (const file of candidates) {
    if (await isFile(file)) {
      try {
        return { file, source: await readFile(file, 'utf8') };
      } catch (error) {
        throw new MvmError(ERROR_CODES.INVALID_TEMPLATES, `cannot read template: ${(error as Error).message}`, { where: file, cause: error });
      }
    }
  }
  throw new MvmError(ERROR_CODES.INVALID_TEMPLATES, `template ${name} not found`, {
    where: candidates.join(' or '),
    hint: 'reinstall mvmatrix: its templates/ folder is incomplete',
  });
}
