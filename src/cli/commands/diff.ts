/**
 * `mvmatrix diff`: the change impact between two matrix results, or between two profiles of
 * one result (`--from reports/matrix.json --profiles horizon-legacy horizon-60455e5ff`): which
 * cells got better, worse or changed meaning, grouped into findings, "changed meaning" first.
 * Exit 0, or with `--fail-on worse` exit 1 when any cell changed meaning or got worse.
 */
import type { Command } from 'commander';
import { canonicalProfileId } from '../../clients/index.js';
import { ERROR_CODES, MvmError } from '../../errors.js';
import { diffResults, type DiffSide, type MatrixDiff } from '../../findings/diff.js';
import type { MatrixResult } from '../../matrix/result.js';
import { readMatrixResultFile } from '../../matrix/result-io.js';
import { buildDiffView } from '../../reports/findings-view.js';
import { renderTemplate } from '../../reports/render.js';
import { checkTemplatesDir, loadTemplate } from '../../reports/templates.js';
import type { CliIo } from '../io.js';

interface DiffFlags {
  from?: string;
  profiles?: string[];
  format: string;
  failOn?: string;
  templates?: string;
}

const FORMATS = ['md', 'json'] as const;

/** The id as the result holds it: `profile` itself, or what an alias (`horizon-legacy`) stands for. */
function idInResult(result: MatrixResult, profile: string): string {
  if (result.cells.some((c) => c.profile === profile)) return profile;
  try {
    const canonical = canonicalProfileId(profile);
    return result.cells.some((c) => c.profile === canonical) ? canonical : profile;
  } catch {
    return profile;
  }
}

function profileSide(result: MatrixResult, requested: string, file: string): DiffSide {
  const profile = idInResult(result, requested);
  if (!result.cells.some((c) => c.profile === profile)) {
    const known = [...new Set(result.cells.map((c) => c.profile))];
    throw new MvmError(ERROR_CODES.USAGE, `profile '${requested}' has no cells in ${file}`, { where: '--profiles', hint: `profiles in this result: ${known.join(', ')}` });
  }
  return { result, profile, label: profile };
}

async function sides(files: string[], flags: DiffFlags): Promise<[DiffSide, DiffSide]> {
  if (flags.profiles !== undefined) {
    if (flags.profiles.length !== 2) throw new MvmError(ERROR_CODES.USAGE, '--profiles takes two profile ids: the one before and the one after', { where: '--profiles' });
    if (files.length > 0) throw new MvmError(ERROR_CODES.USAGE, 'give either two result files, or --from <result> with --profiles', { where: files.join(' ') });
    const file = flags.from ?? 'reports/matrix.json';
    const result = await readMatrixResultFile(file);
    return [profileSide(result, flags.profiles[0]!, file), profileSide(result, flags.profiles[1]!, file)];
  }
  if (flags.from !== undefined) throw new MvmError(ERROR_CODES.USAGE, '--from needs --profiles <before> <after>', { where: '--from' });
  if (files.length !== 2) throw new MvmError(ERROR_CODES.USAGE, `diff takes two result files (got ${files.length})`, { hint: 'mvmatrix diff before/matrix.json after/matrix.json, or mvmatrix diff --from reports/matrix.json --profiles <before> <after>' });
  const [a, b] = await Promise.all(files.map((f) => readMatrixResultFile(f)));
  return [
    { result: a!, label: files[0]! },
    { result: b!, label: files[1]! },
  ];
}

async function render(diff: MatrixDiff, flags: DiffFlags): Promise<string> {
  if (flags.format === 'json') return `${JSON.stringify(diff, null, 1)}\n`;
  if (flags.templates) await checkTemplatesDir(flags.templates);
  const template = await loadTemplate('diff.md.hbs', flags.templates);
  return renderTemplate(template.source, buildDiffView(diff), template.file);
}

export function registerDiff(program: Command, io: CliIo): Command {
  return program
    .command('diff')
    .description('What changed between two matrix results, or two profiles of one: better, worse, changed meaning, grouped into findings')
    .argument('[results...]', 'two matrix.json files: before and after')
    .option('--from <file>', 'one result whose profiles are compared (with --profiles)')
    .option('--profiles <ids...>', 'two profiles of --from: before and after (e.g. horizon-legacy horizon-60455e5ff)')
    .option('--format <format>', `output: ${FORMATS.join(', ')}`, 'md')
    .option('--fail-on <what>', "'worse': exit 1 when a cell changed meaning or got worse")
    .option('--templates <dir>', 'a directory with diff.md.hbs overriding the built-in one')
    .action(async (files: string[], flags: DiffFlags) => {
      if (!(FORMATS as readonly string[]).includes(flags.format)) throw new MvmError(ERROR_CODES.USAGE, `unknown format '${flags.format}'`, { where: '--format', hint: `use one of: ${FORMATS.join(', ')}` });
      if (flags.failOn !== undefined && flags.failOn !== 'worse') throw new MvmError(ERROR_CODES.USAGE, `unknown --fail-on '${flags.failOn}'`, { where: '--fail-on', hint: "the only value is 'worse'" });
      const [before, after] = await sides(files, flags);
      const diff = diffResults(before, after);
      io.stdout(await render(diff, flags));
      const bad = diff.counts['changed-meaning'] + diff.counts.worse;
      if (flags.failOn === 'worse' && bad > 0) {
        throw new MvmError(ERROR_CODES.GATE_FAILED, `${bad} cell(s) changed meaning or got worse from ${diff.from} to ${diff.to}`, { hint: 'see the findings above' });
      }
    });
}
