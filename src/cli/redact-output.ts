/**
 * The CLI's own output (stdout, stderr, error messages) never repeats a credential it was
 * given: the `--token` values on the command line and `$MVMATRIX_TOKEN` (and the project part of
 * a noauth2 `user:project` token) are removed from every line, and so is the userinfo of any URL
 * (`https://user:pass@…`).
 */
import { idsInToken, replaceSecrets } from '../redaction/redactor.js';

/** Flags whose value is a credential. */
const SECRET_FLAGS = ['--token', '--member-token'];

/** The credentials given in `argv` and the environment. */
export function secretsInArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): string[] {
  const found: string[] = [];
  argv.forEach((arg, i) => {
    for (const flag of SECRET_FLAGS) {
      if (arg === flag && argv[i + 1] !== undefined) found.push(argv[i + 1]!);
      else if (arg.startsWith(`${flag}=`)) found.push(arg.slice(flag.length + 1));
    }
  });
  const fromEnv = env['MVMATRIX_TOKEN'];
  if (fromEnv) found.push(fromEnv);
  // The project of a noauth2 `user:project` token is its credential part.
  for (const token of [...found]) {
    const project = idsInToken(token)[1];
    if (project) found.push(project);
  }
  return [...new Set(found.filter((s) => s.length > 0))].sort((a, b) => b.length - a.length);
}

/** A function that removes those credentials from a chunk of output. */
export function outputRedactor(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): (text: string) => string {
  const secrets = secretsInArgs(argv, env);
  return (text) => replaceSecrets(text, secrets);
}
