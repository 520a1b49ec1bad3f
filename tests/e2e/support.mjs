// Shared helpers for the end-to-end tests: a headless Chromium that never
// downloads anything, a page that records every request, CSP violation and
// error, the playthrough plans, the native CLI's report for the same run,
// and axe-core.

import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from './server.mjs';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BASE_URL = process.env.BASE_URL;
if (!BASE_URL) throw new Error('BASE_URL is not set: run the tests with .ci/e2e');
export const ORIGIN = new URL(BASE_URL).origin;
export const REFERENCE = 'after-the-break-up';
export const PROGRESS_KEY = 'course-of-conduct.progress';

const AXE_SOURCE = readFileSync(new URL('./node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/**
 * A fresh context and page that record what the app does; `prepare` is
 * given the context before the first page opens (to route requests).
 */
export async function open(browser, { viewport = { width: 1280, height: 900 }, hash = '#/', acceptDownloads = true, init, prepare } = {}) {
  const context = await browser.newContext({ viewport, acceptDownloads });
  if (prepare) await prepare(context);
  const watch = { requests: [], errors: [], console: [] };
  context.on('request', (r) => watch.requests.push(r.url()));
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  if (init) await context.addInitScript(init);
  const page = await context.newPage();
  page.on('pageerror', (e) => watch.errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') watch.console.push({ text: m.text(), url: m.location().url });
  });
  await page.goto(BASE_URL + hash);
  await ready(page);
  return { context, page, watch };
}

/** Waits until the app has loaded what the view needs (the library, a scenario, the guidance) and shows it. */
export async function ready(page) {
  // A goto that changes only the hash resolves before the app has heard
  // `hashchange` and drawn the new route; two frames let it do so, so the
  // old page is not taken for the new one. (If a new document is loading
  // instead, the frames are lost with the old one and the wait below holds.)
  await page
    .evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))))
    .catch(() => {});
  await page.waitForFunction(() => {
    const h1 = document.querySelector('main h1');
    return h1 && !h1.textContent.startsWith('Loading the') && !document.querySelector('main [aria-busy="true"]');
  });
}

export async function cspViolations(page) {
  return page.evaluate(() => window.__csp);
}

/** Reads a playthrough plan: its seed, mode and choices. */
export function plan(name) {
  const text = readFileSync(`${ROOT}tests/playthroughs/${name}.toml`, 'utf8');
  const seed = Number(/^seed\s*=\s*(\d+)/m.exec(text)[1]);
  const mode = /^mode\s*=\s*"(\w+)"/m.exec(text)[1];
  const list = /^choices\s*=\s*\[([\s\S]*?)\]/m.exec(text)[1];
  const choices = [...list.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
  return { seed, mode, choices };
}

/** The gap report the native CLI gives for the same run. */
export function cliReport({ seed, mode, choices }) {
  const args = ['play', `scenarios/${REFERENCE}.toml`, '--seed', String(seed), '--choices', choices.join(','), '--json'];
  if (mode === 'assessment') args.push('--assessment');
  return JSON.parse(execFileSync(`${ROOT}target/debug/scenario`, args, { cwd: ROOT, encoding: 'utf8' }));
}

/**
 * A saved-progress record as the app keeps it (packed), read as JSON by
 * the native CLI (`scenario progress`); `null` for no record. With
 * `{ pack: true }` it goes the other way: a record (JSON text) as the app
 * stores it, for a test to put in place.
 */
export function progressRecord(text, { pack = false } = {}) {
  if (text == null) return null;
  const dir = mkdtempSync(join(tmpdir(), 'progress-'));
  try {
    const file = join(dir, 'record');
    writeFileSync(file, text);
    const args = ['progress', file, ...(pack ? ['--pack'] : [])];
    const out = execFileSync(`${ROOT}target/debug/scenario`, args, { cwd: ROOT, encoding: 'utf8' });
    return pack ? out : JSON.parse(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The officer's stored progress (in the scope `key`), read as JSON. */
export async function storedProgress(page, key = PROGRESS_KEY) {
  const text = await page.evaluate((k) => localStorage.getItem(k) ?? sessionStorage.getItem(k), key);
  return progressRecord(text);
}

export const heading = (page) => page.locator('main h1').innerText();

/** Waits for a report, which the pages module draws once it has loaded. */
export async function reportShown(page) {
  await page.waitForURL(/#\/report\/\d+$/);
  await page.waitForFunction(() => document.querySelector('main h1')?.textContent.startsWith('Your report'));
}

/** Waits for focus to reach the view's heading, as it does after every navigation. */
export async function focusOnHeading(page) {
  await page.waitForFunction(() => document.activeElement?.tagName === 'H1', null, { timeout: 5000 });
}

/** Takes one plan step with the mouse: ticks the options, then confirms. */
export async function chooseByMouse(page, choice) {
  if (choice === 'continue') {
    await page.click('#continue-button');
  } else {
    for (const id of choice.split('+')) await page.click(`label[for="option-${id}"]`);
    await page.click('button:has-text("Confirm decision")');
  }
  await nextScene(page);
}

async function nextScene(page) {
  await page.waitForFunction(
    () => {
      const h1 = document.querySelector('main h1');
      // Focus was on the form; it moves to the new heading once the scene is shown.
      return h1 && document.activeElement === h1;
    },
  );
}

/** Presses Tab until `test` holds for the focused element. */
export async function tabTo(page, test, arg, limit = 80) {
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(test, arg)) return;
  }
  throw new Error(`Tab never reached the element (${test})`);
}

const focusedId = (id) => document.activeElement && document.activeElement.id === id;

/** Takes one plan step with the keyboard alone. */
export async function chooseByKeyboard(page, choice) {
  // The scene may still be drawing (a scenario is fetched when it opens).
  const first = choice === 'continue' ? 'continue-button' : `option-${choice.split('+')[0]}`;
  await page.waitForSelector(`[id="${first}"]`);
  if (choice === 'continue') {
    await tabTo(page, focusedId, 'continue-button');
    await page.keyboard.press('Enter');
  } else {
    const ids = choice.split('+').map((id) => `option-${id}`);
    const radio = await page.evaluate((id) => document.getElementById(id).type === 'radio', ids[0]);
    if (radio) {
      // Tab enters the group; arrow keys move through it and select as they go.
      await tabTo(page, () => document.activeElement?.name === 'decision');
      for (let i = 0; i < 20 && !(await page.evaluate(focusedId, ids[0])); i += 1) await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Space');
    } else {
      for (const id of ids) {
        await page.evaluate(() => document.querySelector('main h1').focus());
        await tabTo(page, focusedId, id);
        await page.keyboard.press('Space');
      }
    }
    await tabTo(page, () => document.activeElement?.textContent === 'Confirm decision');
    await page.keyboard.press('Enter');
  }
  await nextScene(page);
}

/** Runs axe-core in the page and returns its violations. */
export async function axe(page) {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  });
}

/** The score and band cells of the report's table, by competency name. */
export async function reportedScores(page) {
  return page.evaluate(() => {
    const out = {};
    for (const row of document.querySelectorAll('#competencies-title ~ table tbody tr')) {
      const [score, band] = row.querySelectorAll('td');
      out[row.querySelector('th').textContent] = [score.textContent, band.textContent];
    }
    return out;
  });
}

/** What the CLI's report says those cells should show. */
export function expectedScores(report) {
  const out = {};
  for (const c of report.competencies) {
    if (c.percent === null) {
      out[c.name] = ['–', 'Not assessed'];
    } else {
      const points = `${Math.min(Math.max(c.earned, 0), c.best)} of ${c.best} points`;
      const standing = c.percent >= report.pass_mark ? 'At or above the pass mark' : 'Below the pass mark';
      out[c.name] = [`${c.percent}%${points}`, `${c.band}${standing}`];
    }
  }
  return out;
}

/** Saves a download and returns its text. */
export async function downloadText(page, click) {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

// A page init script that lets a test fill the storage quota: while the
// tab's name is "full", every write to localStorage fails as a full quota
// does. The name survives reloads.
export const fillableQuota = () => {
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    if (this === window.localStorage && window.name === 'full') {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    }
    return setItem.call(this, key, value);
  };
};

/**
 * A copy of the built dist/ on its own server, under a force's sub-path, so
 * a test can change the files on "the force's server" as a force would,
 * without touching the shared one. `close()` stops it and removes the copy.
 */
export async function servedCopy(name) {
  const site = mkdtempSync(join(tmpdir(), `${name}-`));
  cpSync(`${ROOT}dist`, site, { recursive: true });
  const { server, url } = await serve(site, { prefix: '/force/training/' });
  const close = async () => {
    await new Promise((done) => server.close(done));
    rmSync(site, { recursive: true, force: true });
  };
  return { site, base: url, close };
}
