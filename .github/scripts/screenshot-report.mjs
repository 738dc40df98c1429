// Screenshots an HTML matrix report in headless Chromium (Debian's /usr/bin/chromium), with the
// evidence of the first non-pass cell open, for the published docs.
// Usage: node .github/scripts/screenshot-report.mjs <matrix.html> <out.png> [<profile> <scenario>]
//   With a profile and scenario, the page is filtered to that profile and the evidence of the
//   scenario's first non-pass cell is shown (the README's screenshot uses horizon-60455e5ff
//   disk-over-commit with a named host); otherwise the first non-pass cell of the page.
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';

const [html, out, profile, scenario] = process.argv.slice(2);
if (!html || !out || (profile !== undefined && scenario === undefined)) {
  console.error('usage: screenshot-report.mjs <matrix.html> <out.png> [<profile> <scenario>]');
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(pathToFileURL(resolve(html)).href);
  let scope = 'td.cell';
  if (profile !== undefined) {
    await page.selectOption('#f-profile', profile);
    scope = `section[data-profile="${profile}"] table[data-kind="release"] tr[data-scenario="${scenario}"] td.cell`;
  }
  const cell = page.locator(`${scope}:not(.o-pass):not(.o-missing) button`).first();
  if ((await cell.count()) > 0) await cell.click();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: out });
  if (errors.length > 0) {
    console.error(`page errors:\n${errors.join('\n')}`);
    process.exitCode = 1;
  }
} finally {
  await browser.close();
}
