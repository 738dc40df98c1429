/**
 * The shipped templates (`templates/*.hbs`) precompiled by Handlebars, by their source text.
 *
 * This file is what runs from the TypeScript sources (tests): it holds none, so every template
 * compiles at runtime. `npm run build` replaces its compiled output with the precompiled specs
 * (scripts/build-templates.mjs, same compile options), so the default `run` loads Handlebars'
 * runtime only, neither its compiler nor a compile per report. Looked up by the whole text: a
 * template edited after the build, or a `--templates` file, finds nothing and compiles. Pure.
 */

/** False here; true in the build's precompiled replacement. */
export const PRECOMPILED = false;

/** The precompiled spec of the template whose text is `source`, when the build made one. */
export function precompiledTemplate(_source: string): TemplateSpecification | undefined {
  return undefined;
}
