/**
 * Keeping secrets out of cassettes: the shared redactor (`src/redaction/redactor.ts`), which
 * every output uses. Re-exported here for the cassette code. Pure.
 */
export { SECRET_HEADERS, createRedactor, idsInToken, passwordsInBody, type RedactionOptions, type Redactor } from '../redaction/redactor.js';
