/**
 * junit.xml written straight from the JUnit view, piece by piece: exactly what the built-in
 * `templates/junit.xml.hbs` renders (test/unit/reports/junit-xml.test.ts compares them), without
 * Handlebars walking tens of thousands of test cases or the whole file as one string. Used when
 * `--templates` does not override junit.xml.hbs; an override still renders through Handlebars.
 * Pure.
 */
import { escapeXml } from './escaping.js';
import type { JunitViewStream } from './junit-view.js';

/** Handlebars' `{{value}}` escaping (`&<>"'\`=`), for the attributes the template prints plainly. */
const PLAIN_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;', '`': '&#x60;', '=': '&#x3D;' };
function plain(value: string | number): string {
  return String(value).replace(/[&<>"'`=]/g, (c) => PLAIN_ESCAPES[c]!);
}

/** Distinct texts escaped and kept at most; the cache starts afresh beyond (memory stays bounded). */
const ESCAPED_TEXTS = 20_000;

/** The file's text in order, one chunk per test case (cases are read once, as they are written). */
export function* junitXmlChunks(view: JunitViewStream): Generator<string> {
  // Many cases say the same (junit-view.ts hands out one string per text): escaped once each.
  const escaped = new Map<string, string>();
  const escapeText = (text: string): string => {
    let xml = escaped.get(text);
    if (xml === undefined) {
      if (escaped.size >= ESCAPED_TEXTS) escaped.clear();
      escaped.set(text, (xml = escapeXml(text)));
    }
    return xml;
  };
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${escapeXml(view.name)}" tests="${plain(view.tests)}" failures="${plain(view.failures)}" errors="0" skipped="${plain(view.skipped)}" time="${plain(view.timeSeconds)}">\n`;
  const timestamp = escapeXml(view.timestamp);
  for (let i = 0; i < view.suites.length; i++) {
    const suite = view.suites[i]!;
    yield `  <testsuite name="${escapeXml(suite.name)}" tests="${plain(suite.tests)}" failures="${plain(suite.failures)}" errors="0" skipped="${plain(suite.skipped)}" time="${plain(suite.time)}" timestamp="${timestamp}" hostname="mvmatrix" id="${i}" package="mvmatrix">\n`;
    // The suite's first case's classname, escaped once (every case of a profile's suite has it).
    let first: string | undefined;
    let classname = '';
    for (const c of suite.cases) {
      if (first === undefined) classname = escapeXml((first = c.classname));
      let text = `    <testcase classname="${c.classname === first ? classname : escapeXml(c.classname)}" name="${escapeXml(c.name)}" time="${plain(c.time)}" status="${escapeXml(c.status)}">\n`;
      if (c.failure) text += `      <failure type="${escapeXml(c.failure.type)}" message="${escapeXml(c.failure.message)}">${escapeXml(c.failure.detail)}</failure>\n`;
      if (c.skipped) text += `      <skipped message="${escapeText(c.skipped.message)}"/>\n`;
      if (c.systemOut) text += `      <system-out>${escapeText(c.systemOut)}</system-out>\n`;
      yield `${text}    </testcase>\n`;
    }
    yield '  </testsuite>\n';
  }
  yield '</testsuites>\n';
}
