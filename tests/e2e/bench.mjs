// The web benchmark (run by .ci/bench-web), side by side in one run of
// headless Chromium on loopback, a fresh profile and cache for every load:
//   app/    this app (dist/), under a sub-path;
//   ink/    the anchor: a story of the same shape played by the ink runtime;
//   limit/  the physical limit: one button added by a one-line script.
// It prints, for each: the first load's files (raw and gzip -9, those the
// page fetched until its first control was visible); the median time from
// navigation to the first visible control; from navigation to the first
// interactive scene of a deep link; from a decision to the next scene
// painted; and the app's ratios to the anchor and to the limit.

import { gzipSync } from 'node:zlib';
import { REFERENCE, launch, plan } from './support.mjs';

const ROOT = process.env.BASE_URL;
const LOADS = Math.max(15, Number(process.env.LOADS ?? 15));
const ROUNDS = 3;
const BUDGET = 200 * 1024;
const { seed, choices } = plan(`${REFERENCE}-expert`);

const PAGES = {
  app: {
    first: `${ROOT}app/`,
    control: 'main a[href], main button, main input',
    deep: `${ROOT}app/#/play/${REFERENCE}?seed=${seed}&mode=training`,
    scene: 'input[name="decision"]',
  },
  ink: { first: `${ROOT}ink/`, control: 'main button', deep: `${ROOT}ink/#scene_5`, scene: 'main button' },
  limit: { first: `${ROOT}limit/`, control: 'button', deep: `${ROOT}limit/`, scene: 'button' },
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const ms = (x) => `${x.toFixed(1)} ms`;
const ratio = (a, b) => `${(a / b).toFixed(2)}x`;

// The same probe in every page: the time (since navigation started) at which
// the first matching, visible, enabled control has been painted. It reports
// through the console, so nothing is run in the page until the time is
// taken: waiting with Playwright's waitForFunction injects its own script
// (some 20 ms of work on the main thread) as soon as the page has loaded,
// which falls inside the measurement of any page still starting then.
const SHOWN = 'bench: control shown at ';
function probe([selector, shown]) {
  const visible = () => [...document.querySelectorAll(selector)]
    .find((el) => !el.disabled && el.getClientRects().length > 0);
  const watch = () => {
    if (!visible()) return false;
    requestAnimationFrame(() => setTimeout(() => console.debug(shown + performance.now())));
    return true;
  };
  new MutationObserver((_, observer) => { if (watch()) observer.disconnect(); })
    .observe(document, { childList: true, subtree: true, attributes: true });
}

async function coldLoad(browser, url, selector, files) {
  const context = await browser.newContext();
  await context.addInitScript(probe, [selector, SHOWN]);
  const page = await context.newPage();
  const bodies = [];
  if (files) page.on('response', (r) => bodies.push(r.body().then((b) => ({ url: r.url(), body: b })).catch(() => null)));
  let timer;
  const reported = new Promise((resolve, reject) => {
    page.on('console', (message) => {
      if (message.text().startsWith(SHOWN)) resolve(Number(message.text().slice(SHOWN.length)));
    });
    timer = setTimeout(() => reject(new Error(`${url}: no ${selector} shown within 30 s`)), 30_000);
  });
  await page.goto(url);
  const shown = await reported.finally(() => clearTimeout(timer));
  if (files) files.push(...(await Promise.all(bodies)).filter(Boolean));
  await context.close();
  return shown;
}

const browser = await launch();

// 1. First load: every file fetched until the first control was visible.
const sizes = {};
for (const [name, page] of Object.entries(PAGES)) {
  const files = [];
  await coldLoad(browser, page.first, page.control, files);
  sizes[name] = files.map(({ url, body }) => {
    const path = new URL(url).pathname.replace(`/${name}/`, '') || 'index.html';
    const kind = /\.(html|js|wasm|css)$/.test(path) || path === 'index.html' ? 'code' : /\.svg$/.test(path) ? 'icon' : 'data';
    return { path, kind, raw: body.length, gzip: gzipSync(body, { level: 9 }).length };
  });
}
console.log('First load: files fetched until the first control was visible (raw, gzip -9)');
const totals = {};
for (const [name, files] of Object.entries(sizes)) {
  console.log(`  ${name}/`);
  for (const f of files) {
    const note = f.kind === 'code' ? '' : f.kind === 'icon' ? '  (icon, not counted)' : '  (data, listed apart)';
    console.log(`    ${f.path.padEnd(52)} ${kb(f.raw).padStart(10)} ${kb(f.gzip).padStart(10)}${note}`);
  }
  const code = files.filter((f) => f.kind === 'code');
  const data = files.filter((f) => f.kind === 'data');
  totals[name] = code.reduce((s, f) => s + f.gzip, 0);
  const dataGzip = data.reduce((s, f) => s + f.gzip, 0);
  console.log(`    ${`HTML, JS, wasm and CSS (${code.length} files)`.padEnd(52)} ${kb(code.reduce((s, f) => s + f.raw, 0)).padStart(10)} ${kb(totals[name]).padStart(10)}`);
  if (data.length) console.log(`    ${`data (${data.length} files)`.padEnd(52)} ${''.padStart(10)} ${kb(dataGzip).padStart(10)}`);
}
console.log(`  app first load ${kb(totals.app)} gzip: budget ${kb(BUDGET)} ${totals.app <= BUDGET ? 'met' : `missed by ${kb(totals.app - BUDGET)}`}; ${ratio(totals.app, totals.ink)} the anchor's ${kb(totals.ink)}`);

// 2 and 3. Cold loads, interleaved so drift on a shared machine hits all pages alike.
const first = { app: [], ink: [], limit: [] };
const deep = { app: [], ink: [], limit: [] };
for (let i = 0; i < LOADS; i += 1) {
  for (const [name, page] of Object.entries(PAGES)) {
    first[name].push(await coldLoad(browser, page.first, page.control));
    deep[name].push(await coldLoad(browser, page.deep, page.scene));
  }
}

// 4. Decision to next scene painted, in a warm page.
async function decisions(name) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const steps = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    if (name === 'app') {
      await page.goto(`${ROOT}app/#/record`);
      await page.evaluate(() => localStorage.clear());
      await page.goto(PAGES.app.deep);
      await page.reload();
      await page.waitForSelector('input[name="decision"]');
    } else {
      await page.goto(PAGES[name].first);
      await page.reload();
      await page.waitForSelector(PAGES[name].control);
    }
    const plan = name === 'app' ? choices : Array(8).fill('first');
    for (const choice of plan) {
      steps.push(await page.evaluate(async ([kind, ids]) => {
        const painted = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
        let button;
        let changed;
        if (kind === 'app') {
          for (const id of ids) document.getElementById(`option-${id}`).click();
          button = ids.length ? [...document.querySelectorAll('button')].find((b) => b.textContent === 'Confirm decision') : document.getElementById('continue-button');
          const h1 = document.querySelector('main h1');
          const before = h1.textContent;
          changed = () => { const now = document.querySelector('main h1'); return now && (now !== h1 || now.textContent !== before); };
        } else {
          button = document.querySelector(kind === 'ink' ? 'main button' : 'button');
          const first = document.body.innerHTML;
          changed = () => document.body.innerHTML !== first;
        }
        const shown = new Promise((resolve) => {
          new MutationObserver((_, observer) => {
            if (changed()) { observer.disconnect(); painted().then(resolve); }
          }).observe(document.body, { childList: true, subtree: true, characterData: true });
        });
        const start = performance.now();
        button.click();
        await shown;
        return performance.now() - start;
      }, [name, choice === 'continue' ? [] : choice.split('+')]));
    }
  }
  await context.close();
  return steps;
}
const step = {};
for (const name of Object.keys(PAGES)) step[name] = await decisions(name);
await browser.close();

console.log(`\nTimes: medians of ${LOADS} cold loads each (decisions: ${ROUNDS} playthroughs in a warm page)`);
const row = (label, values) => {
  const [a, i, l] = ['app', 'ink', 'limit'].map((n) => median(values[n]));
  console.log(`  ${label.padEnd(44)} app ${ms(a).padStart(9)}  ink ${ms(i).padStart(9)}  limit ${ms(l).padStart(8)}   app/ink ${ratio(a, i)}  app/limit ${ratio(a, l)}`);
};
row('navigation to first visible control', first);
row('navigation to first interactive scene (deep link)', deep);
row(`decision to next scene painted (${step.app.length}/${step.ink.length}/${step.limit.length} steps)`, step);
console.log(`  app deep link: ${PAGES.app.deep.replace(ROOT, '')}; ink deep link: ${PAGES.ink.deep.replace(ROOT, '')}`);
