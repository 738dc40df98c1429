/**
 * JUnit XML for one verification source: a test suite per pact (consumer → provider), a test
 * case per interaction. A failure carries Pact's mismatch text; a pending failure, a known
 * difference and an unverifiable interaction are `skipped` with the reason, so CI dashboards
 * show them without failing. Pure.
 */
import { escapeXml } from '../reports/escaping.js';
import type { InteractionVerdict } from './verification-results.js';
import { groupBy } from '../util/group-by.js';

function testCase(r: InteractionVerdict): string {
  const open = `    <testcase classname="${escapeXml(`${r.consumer} → ${r.provider}`)}" name="${escapeXml(r.description)}">`;
  const detail = [r.mismatch, r.reason].filter((t): t is string => t !== undefined).join(' | ');
  switch (r.verdict) {
    case 'verified':
      return `${open}</testcase>`;
    case 'failed':
      if (r.pending) return `${open}<skipped message="${escapeXml(`pending, failed: ${detail}`)}"/></testcase>`;
      return `${open}<failure message="${escapeXml(detail)}" type="PactMismatch">${escapeXml(detail)}</failure></testcase>`;
    default:
      return `${open}<skipped message="${escapeXml(`${r.verdict}: ${detail}`)}"/></testcase>`;
  }
}

/**
 * The JUnit document of `results` (all from one source). `nothingToVerify` (a source with no
 * pacts for the provider it serves) becomes one skipped case saying so, not an empty document.
 */
export function verificationJunit(sourceLabel: string, results: readonly InteractionVerdict[], nothingToVerify?: string): string {
  if (results.length === 0 && nothingToVerify !== undefined) {
    return [
      '<?xml version="1.0" encoding="UTF-8"?>',
      `<testsuites name="${escapeXml(`Pact verification against ${sourceLabel}`)}" tests="1" failures="0" skipped="1">`,
      `  <testsuite name="${escapeXml(sourceLabel)}" tests="1" failures="0" skipped="1">`,
      `    <testcase classname="${escapeXml(sourceLabel)}" name="no pacts"><skipped message="${escapeXml(nothingToVerify)}"/></testcase>`,
      '  </testsuite>',
      '</testsuites>',
      '',
    ].join('\n');
  }
  const suites = groupBy(results, (r) => `${r.consumer} → ${r.provider}`);
  const failuresOf = (list: readonly InteractionVerdict[]) => list.filter((r) => r.verdict === 'failed' && !r.pending).length;
  const skippedOf = (list: readonly InteractionVerdict[]) => list.filter((r) => r.verdict !== 'verified' && !(r.verdict === 'failed' && !r.pending)).length;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXml(`Pact verification against ${sourceLabel}`)}" tests="${results.length}" failures="${failuresOf(results)}" skipped="${skippedOf(results)}">`,
  ];
  for (const [name, list] of suites) {
    lines.push(`  <testsuite name="${escapeXml(name)}" tests="${list.length}" failures="${failuresOf(list)}" skipped="${skippedOf(list)}">`);
    for (const r of list) lines.push(testCase(r));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}
