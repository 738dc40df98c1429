/**
 * The HTML report in headless Chromium (Debian's /usr/bin/chromium through playwright-core):
 * loads cleanly, leads with the findings and the release table on the first screen at desktop
 * and phone sizes without sideways scrolling, has the tables the view model promises, filters,
 * shows evidence on click with the band named the same in title and body, renders a hostile
 * host name as text, and takes a screenshot with evidence open.
 */
import { existsSync, mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildReportView, renderAllReports } from '../../src/reports/index.js';
import { HOSTILE_HOST, loadMatrixSmall, loadVersionedHorizon } from '../unit/reports/fixture.js';

// The callbacks given to page.evaluate run in the page; the project compiles without the DOM lib
// (it must not leak into Node code), so the few browser globals used there are declared loosely.
declare const document: any;
declare const window: any;
type El = any;

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
// Not docs/screenshots/: that one shows the real default matrix (.github/scripts/screenshot-report.mjs).
const SCREENSHOT = join(tmpdir(), `mvmatrix-html-browser-${process.pid}`, 'matrix.png');
const available = existsSync(CHROMIUM);
if (!available && process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing (Debian package chromium): the HTML report browser test must run in CI`);
if (!available) console.warn(`skipping the HTML browser test: ${CHROMIUM} not installed (apt-get install chromium)`);

const result = loadMatrixSmall();
const view = buildReportView(result);

/** What the first screen shows: the first finding's box, the first release table's top, and any sideways overflow. */
async function firstScreen(page: Page) {
  return page.evaluate(() => {
    const box = (el: El) => (el ? el.getBoundingClientRect() : null);
    const finding = box(document.querySelector('#F1 .sentence'));
    const table = box(document.querySelector('table.release'));
    // Anything reaching past the right edge that no scrolling or clipping box contains (a wide
    // table scrolls inside its own box; an ellipsised title clips its text).
    const clipped = (el: El): boolean => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) if (window.getComputedStyle(a).overflowX !== 'visible') return true;
      return false;
    };
    const wide = [...document.querySelectorAll('body *')]
      .filter((el: El) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5 && !clipped(el))
      .map((el: El) => el.tagName + (el.id ? `#${el.id}` : '') + (el.className ? `.${String(el.className).split(' ')[0]}` : ''));
    return {
      viewport: { width: window.innerWidth, height: window.innerHeight },
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
      finding: finding && { top: finding.top, bottom: finding.bottom, left: finding.left, right: finding.right },
      tableTop: table ? table.top : null,
      wide,
    };
  });
}

describe.skipIf(!available)('matrix.html in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  let dir: string;
  const problems: string[] = [];
  const dialogs: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mvm-html-'));
    await renderAllReports(result, { outDir: dir, formats: ['html'] });
    await renderAllReports(loadVersionedHorizon(), { outDir: join(dir, 'versioned'), formats: ['html'] });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(pathToFileURL(join(dir, 'matrix.html')).href);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('loads with no console error, no failed request and no external resource', async () => {
    const external = await page.evaluate(() =>
      [...document.querySelectorAll('script[src], link[href], img[src], iframe')].map((e: El) => e.outerHTML),
    );
    expect(external).toEqual([]);
    expect(problems).toEqual([]);
  });

  for (const [width, height] of [
    [1400, 1000],
    [390, 844],
  ] as const) {
    it(`shows the first finding and the release table on the first screen at ${width}×${height}, with no sideways scroll`, async () => {
      for (const file of ['matrix.html', 'versioned/matrix.html']) {
        const sized = await browser.newPage({ viewport: { width, height } });
        await sized.goto(pathToFileURL(join(dir, file)).href);
        const screen = await firstScreen(sized);
        await sized.close();
        expect(screen.viewport).toEqual({ width, height });
        expect(screen.finding, file).not.toBeNull();
        expect(screen.finding!.top, file).toBeGreaterThanOrEqual(0);
        expect(screen.finding!.bottom, file).toBeLessThanOrEqual(height);
        expect(screen.finding!.right, file).toBeLessThanOrEqual(width);
        expect(screen.tableTop, file).toBeLessThan(height);
        expect(screen.scrollWidth, file).toBeLessThanOrEqual(screen.clientWidth);
        expect(screen.wide, file).toEqual([]);
      }
    });
  }

  it('has the release table first, then one table per profile and target kind, one row per scenario and one column per band', async () => {
    const release = await page.evaluate(() => [...document.querySelectorAll('table.release tbody tr')].map((r: El) => r.getAttribute('data-profile')));
    expect(release).toEqual(view.releaseTables[0]!.rows.map((r) => r.profile));
    const shapes = await page.evaluate(() =>
      [...document.querySelectorAll('table.matrix')].map((t: El) => ({
        profile: t.getAttribute('data-profile'),
        kind: t.getAttribute('data-kind'),
        rows: t.tBodies[0].rows.length,
        columns: t.tHead.rows[0].cells.length - 1,
      })),
    );
    const expected = view.profiles.flatMap((p) => p.tables.map((t) => ({ profile: p.id, kind: t.kind, rows: t.rows.length, columns: t.columns.length })));
    expect(shapes).toEqual(expected);
    expect(shapes.find((s) => s.profile === 'horizon-60455e5ff' && s.kind === 'microversion')).toEqual({ profile: 'horizon-60455e5ff', kind: 'microversion', rows: 7, columns: 2 });
  });

  it('filters by profile, outcome and release', async () => {
    await page.selectOption('#f-profile', 'horizon-60455e5ff');
    await page.selectOption('#f-outcome', 'drift');
    const visible = await page.evaluate(() => ({
      sections: [...document.querySelectorAll('section.profile')].filter((s: El) => !s.hidden).map((s: El) => s.getAttribute('data-profile')),
      rows: [...document.querySelectorAll('section.profile:not([hidden]) .table-block:not([hidden]) tbody tr:not([hidden])')].map((r: El) => r.getAttribute('data-scenario')),
    }));
    expect(visible.sections).toEqual(['horizon-60455e5ff']);
    expect(visible.rows).toEqual(['disk-over-commit-host', 'disk-over-commit-host', 'disk-over-commit-host']);
    expect(await page.textContent('#visible-count')).toBe('3 rows shown');

    await page.selectOption('#f-outcome', '');
    await page.selectOption('#f-release', 'liberty');
    const columns = await page.evaluate(() =>
      [...document.querySelectorAll('section[data-profile="horizon-60455e5ff"] table.matrix')].map((t: El) => ({
        kind: t.getAttribute('data-kind'),
        shown: [...t.tHead.rows[0].cells].filter((c: El) => !c.hidden).map((c: El) => c.textContent),
        blockHidden: t.closest('.table-block').hidden,
      })),
    );
    expect(columns).toEqual([
      { kind: 'release', shown: ['Scenario', 'Liberty–Mitaka2015.2–2016.1'], blockHidden: false },
      { kind: 'microversion', shown: ['Scenario', '2.1–2.29as Liberty–Newton'], blockHidden: false },
      { kind: 'capped', shown: ['Scenario'], blockHidden: true },
    ]);
    await page.selectOption('#f-release', '');
    await page.selectOption('#f-profile', '');
    expect(await page.textContent('#visible-count')).toBe(`${view.profiles.reduce((n, p) => n + p.tables.reduce((m, t) => m + t.rows.length, 0), 0)} rows shown`);
  });

  it('shows the request, the answer and the explanation when a cell is clicked, naming the band as its body does', async () => {
    expect(await page.isHidden('#evidence')).toBe(true);
    await page.click('section[data-profile="horizon-60455e5ff"] table[data-kind="microversion"] tr[data-scenario="disk-over-commit-auto"] td:nth-child(3) button');
    expect(await page.isVisible('#evidence')).toBe(true);
    const text = await page.textContent('#evidence');
    expect(await page.textContent('#ev-title')).toBe('horizon-60455e5ff · Automatically schedule + Disk Over Commit · max 2.30–2.104');
    expect(text).toContain('rejected @ Newton–Hibiscus, max 2.30–2.104, zed@2.60');
    expect(text).toContain('force without a host is a 400');
    expect(text).toContain('"force": true');
    expect(text).toContain("Can't force to a non-provided destination");
  });

  it('uses one wording for a band everywhere: a release column clicked reads as its evidence does', async () => {
    for (const [kind, nth] of [
      ['release', 3],
      ['microversion', 3],
      ['release', 2],
    ] as const) {
      await page.click(`section[data-profile="horizon-60455e5ff"] table[data-kind="${kind}"] tr[data-scenario="disk-over-commit-host"] td:nth-child(${nth}) button`);
      const band = (await page.textContent('#ev-title'))!.split(' · ').pop()!;
      const headings = await page.evaluate(() => [...document.querySelectorAll('#ev-body .group h3')].map((h: El) => h.textContent));
      expect(headings.some((h: string) => h.includes(` @ ${band}`) || h.includes(`, ${band}`)), `${kind} ${band}: ${headings.join(' | ')}`).toBe(true);
      expect(band).not.toMatch(/max 2\.38/);
    }
  });

  it('opens the evidence of a release-table cell and of a finding', async () => {
    await page.click('table.release tr[data-profile="horizon-60455e5ff"] td:last-child button');
    expect(await page.textContent('#ev-title')).toMatch(/^horizon-60455e5ff · \S+/);
    expect(await page.textContent('#ev-body')).toContain('"force": true');
    await page.click('#F1 button.show-evidence');
    expect(await page.textContent('#ev-title')).toBe('F1 · horizon-60455e5ff');
    expect(await page.textContent('#ev-body')).toMatch(/drift|rejected/);
  });

  it('renders the hostile host name as text and never runs it', async () => {
    await page.click(`section[data-profile="horizon-legacy"] table[data-kind="release"] tr[data-scenario="hostile-host-name"] td:nth-child(2) button`);
    const state = await page.evaluate(() => ({
      images: document.querySelectorAll('img').length,
      rowHeader: document.querySelector('tr[data-scenario="hostile-host-name"] th').textContent,
      evidence: document.querySelector('#evidence').textContent,
    }));
    expect(state.images).toBe(0);
    expect(state.rowHeader).toBe(`Host name ${HOSTILE_HOST}`);
    expect(state.evidence).toContain(`"host": "${HOSTILE_HOST}"`);
    await page.waitForTimeout(200);
    expect(dialogs).toEqual([]);
  });

  it('takes a screenshot of the report with evidence open', async () => {
    await page.keyboard.press('Escape');
    await page.selectOption('#f-profile', 'horizon-60455e5ff');
    await page.click('section[data-profile="horizon-60455e5ff"] table[data-kind="release"] tr[data-scenario="disk-over-commit-host"] td:nth-child(3) button');
    await page.evaluate(() => window.scrollTo(0, 0));
    mkdirSync(join(SCREENSHOT, '..'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(10_000);
    await page.selectOption('#f-profile', '');
  });
});
