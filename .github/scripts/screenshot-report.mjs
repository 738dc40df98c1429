// Screenshots an HTML matrix report in headless Chromium (Debian's /usr/bin/chromium), with the
// evidence of the first non-pass cell open, for the published docs.
// Usage: node .github/scripts/screenshot-report.mjs <matrix.html> <out.png>
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';

const [html, out] = process.argv.slice(2);
if (!html || !out) {
  console.error('usage: screenshot-report.mjs <matrix.html> <out.png>');
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
  const cell = page.locator('td.cell:not(.o-pass):not(.o-missing) button').first();
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
