// The README's screenshot: the real first screen of an HTML matrix report, in headless Chromium
// (Debian's /usr/bin/chromium), plus a text digest of what that screen shows, so CI can tell
// when the committed screenshot no longer matches the report (pixels differ across machines;
// the digest does not).
//
// Usage: node .github/scripts/screenshot-report.mjs <matrix.html> <out-dir> [--check <dir>]
//   Writes <out-dir>/matrix.png (1400×1000), <out-dir>/matrix-phone.png (390×844) and
//   <out-dir>/matrix.first-screen.txt. At both sizes it also checks the first screen: the first
//   finding fully visible without scrolling, the release table starting on it, nothing wider
//   than the page. With --check, compares the digest with <dir>/matrix.first-screen.txt.
//   Exit 0 when all holds, 1 when a check fails, 2 on bad usage.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const checkAt = args.indexOf('--check');
const checkDir = checkAt >= 0 ? args[checkAt + 1] : undefined;
const [html, outDir] = args.filter((_, i) => checkAt < 0 || (i !== checkAt && i !== checkAt + 1));
if (!html || !outDir || (checkAt >= 0 && !checkDir)) {
  console.error('usage: screenshot-report.mjs <matrix.html> <out-dir> [--check <dir with the committed matrix.first-screen.txt>]');
  process.exit(2);
}

const SIZES = [
  { name: 'matrix.png', width: 1400, height: 1000 },
  { name: 'matrix-phone.png', width: 390, height: 844 },
];
const DIGEST = 'matrix.first-screen.txt';

/** In the page: what the first screen shows, as lines of text, and the layout facts checked. */
function readFirstScreen() {
  const text = (el) => (el ? el.textContent.replace(/\s+/g, ' ').trim() : '');
  const lines = [];
  lines.push(`title: ${text(document.querySelector('h1'))}`);
  const meta = document.querySelector('header .meta').cloneNode(true);
  meta.querySelector('.generated')?.remove(); // the run's date and time: not part of what it shows
  lines.push(`meta: ${text(meta).replace(/ ·$/, '')}`);
  lines.push('findings:');
  for (const item of document.querySelectorAll('#findings > ol.findings > li')) {
    const details = item.querySelector('details');
    lines.push(`  ${text(item.querySelector('summary'))}`);
    if (details.open) lines.push(`    ${text(item.querySelector('.sentence'))}`, `    ${text(item.querySelector('.cause')).replace(/ Request and answer$/, '')}`);
  }
  const more = document.querySelector('#findings > .more-findings > summary');
  if (more) lines.push(`  + ${text(more)}`);
  const table = document.querySelector('table.release');
  if (table) {
    lines.push(`${text(table.closest('#releases').querySelector('h2'))}:`);
    // innerText keeps the cell's lines apart (release and series, verdict and scenario).
    const cell = (td) => td.innerText.split('\n').map((l) => l.replace(/\s+/g, ' ').trim()).filter(Boolean).join(' / ');
    for (const row of table.rows) lines.push(`  | ${[...row.cells].map(cell).join(' | ')} |`);
  }
  const clipped = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) if (getComputedStyle(a).overflowX !== 'visible') return true;
    return false;
  };
  const finding = document.querySelector('#F1 .sentence')?.getBoundingClientRect();
  return {
    lines,
    layout: {
      finding: finding ? { top: finding.top, bottom: finding.bottom, right: finding.right } : null,
      tableTop: table ? table.getBoundingClientRect().top : null,
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
      wide: [...document.querySelectorAll('body *')].filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5 && !clipped(el)).map((el) => el.tagName),
    },
  };
}

function layoutProblems(layout, { width, height }) {
  const problems = [];
  if (!layout.finding) problems.push('no first finding (#F1 .sentence)');
  else if (layout.finding.top < 0 || layout.finding.bottom > height || layout.finding.right > width) problems.push(`the first finding is not fully on the first screen (${JSON.stringify(layout.finding)})`);
  if (layout.tableTop === null) problems.push('no release table');
  else if (layout.tableTop >= height) problems.push(`the release table starts below the first screen (top ${layout.tableTop})`);
  if (layout.scrollWidth > layout.clientWidth || layout.wide.length > 0) problems.push(`the page scrolls sideways (${layout.scrollWidth} > ${layout.clientWidth}: ${layout.wide.slice(0, 5).join(', ')})`);
  return problems;
}

mkdirSync(outDir, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let failed = false;
let digest = '';
try {
  for (const size of SIZES) {
    const page = await browser.newPage({ viewport: { width: size.width, height: size.height } });
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(pathToFileURL(resolve(html)).href);
    await page.screenshot({ path: join(outDir, size.name) });
    const screen = await page.evaluate(readFirstScreen);
    for (const problem of [...errors.map((e) => `page error: ${e}`), ...layoutProblems(screen.layout, size)]) {
      console.error(`${size.width}×${size.height}: ${problem}`);
      failed = true;
    }
    if (size === SIZES[0]) digest = `${screen.lines.join('\n')}\n`;
    await page.close();
  }
} finally {
  await browser.close();
}
writeFileSync(join(outDir, DIGEST), digest);
console.log(`wrote ${SIZES.map((s) => join(outDir, s.name)).join(', ')} and ${join(outDir, DIGEST)}`);

if (checkDir) {
  const committed = readFileSync(join(checkDir, DIGEST), 'utf8');
  if (committed !== digest) {
    const a = committed.split('\n');
    const b = digest.split('\n');
    console.error(`the committed screenshot is stale: ${join(checkDir, DIGEST)} differs from the report's first screen:`);
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (a[i] !== b[i]) console.error(`  line ${i + 1}:\n    - ${a[i] ?? ''}\n    + ${b[i] ?? ''}`);
    }
    console.error('refresh it with: bash scripts/ci/report-screenshot.sh --update');
    failed = true;
  } else {
    console.log(`the committed screenshot matches the report (${join(checkDir, DIGEST)})`);
  }
}
process.exitCode = failed ? 1 : 0;
