// The first-load benchmark (run by .ci/bench-web against a served dist/):
//  1. the size of every file the first load fetches, raw and gzip -9;
//  2. the time from navigation to the first interactive scene, median of
//     cold loads in headless Chromium (a fresh profile and cache each time);
//  3. the time from confirming a decision to the next scene being shown.

import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { BASE_URL, REFERENCE, launch, plan } from './support.mjs';

const DIST = process.argv[2] ?? 'dist';
const LOADS = Number(process.env.LOADS ?? 15);
const BUDGET = 200 * 1024;

const kb = (n) => `${(n / 1024).toFixed(1).padStart(7)} KB`;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (x) => `${x.toFixed(1)} ms`;

// 1. Sizes: index.html and everything it references.
const html = readFileSync(join(DIST, 'index.html'), 'utf8');
const referenced = [...html.matchAll(/(?:href|src)="\.\/([^"]+)"/g)].map((m) => m[1]);
const files = ['index.html', ...new Set(referenced)];
console.log('First load (files index.html references), raw and gzip -9:');
let raw = 0;
let gzip = 0;
let counted = 0;
for (const file of files) {
  const body = readFileSync(join(DIST, file));
  const packed = gzipSync(body, { level: 9 }).length;
  const kind = /\.(html|js|wasm|css)$/.test(file) ? '' : '  (icon, not counted)';
  if (!kind) {
    raw += body.length;
    gzip += packed;
    counted += 1;
  }
  console.log(`  ${file.padEnd(40)} ${kb(body.length)} ${kb(packed)}${kind}`);
}
console.log(`  ${`total of ${counted} files (HTML, JS, wasm, CSS)`.padEnd(40)} ${kb(raw)} ${kb(gzip)}   budget ${kb(BUDGET).trim()} gzip: ${gzip <= BUDGET ? 'within' : `over by ${kb(gzip - BUDGET).trim()}`}`);

const data = readdirSync(join(DIST, 'scenarios')).filter((f) => f.endsWith('.toml')).map((f) => `scenarios/${f}`);
let dataRaw = 0;
let dataGzip = 0;
for (const file of data) {
  const body = readFileSync(join(DIST, file));
  dataRaw += body.length;
  dataGzip += gzipSync(body, { level: 9 }).length;
}
console.log(`Scenario data fetched at start (${data.length} TOML files, not part of the budget): ${kb(dataRaw).trim()} raw, ${kb(dataGzip).trim()} gzip`);

// 2. Navigation to the first interactive scene, cold.
const browser = await launch();
const { seed, mode, choices } = plan(`${REFERENCE}-expert`);
const scene = `${BASE_URL}#/play/${REFERENCE}?seed=${seed}&mode=${mode}`;
const watchFirstScene = () => {
  // Records when the first decision's options exist and can be used.
  new MutationObserver((_, observer) => {
    const input = document.querySelector('input[name="decision"]');
    if (input && !input.disabled) {
      window.__interactive = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
};
const loads = [];
for (let i = 0; i < LOADS; i += 1) {
  const context = await browser.newContext();
  await context.addInitScript(watchFirstScene);
  const page = await context.newPage();
  await page.goto(scene);
  await page.waitForFunction(() => window.__interactive !== undefined, null, { polling: 100 });
  loads.push(await page.evaluate(() => window.__interactive));
  await context.close();
}
console.log(`Navigation to the first interactive scene, ${LOADS} cold loads: median ${ms(median(loads))} (min ${ms(Math.min(...loads))}, max ${ms(Math.max(...loads))})`);

// 3. Decision to next scene: from the confirm click to the new heading painted.
const context = await browser.newContext();
const page = await context.newPage();
const steps = [];
for (let round = 0; round < 3; round += 1) {
  await page.goto(`${BASE_URL}#/record`);
  await page.evaluate(() => localStorage.clear());
  await page.goto(scene);
  await page.reload();
  await page.waitForSelector('input[name="decision"]');
  for (const choice of choices) {
    steps.push(await page.evaluate(async (ids) => {
      const h1 = document.querySelector('main h1');
      const before = h1.textContent;
      for (const id of ids) document.getElementById(`option-${id}`).click();
      const button = ids.length ? [...document.querySelectorAll('button')].find((b) => b.textContent === 'Confirm decision') : document.getElementById('continue-button');
      const shown = new Promise((resolve) => {
        new MutationObserver((_, observer) => {
          const now = document.querySelector('main h1');
          if (now && (now !== h1 || now.textContent !== before)) {
            observer.disconnect();
            requestAnimationFrame(() => setTimeout(resolve, 0));
          }
        }).observe(document.querySelector('main'), { childList: true, subtree: true, characterData: true });
      });
      const start = performance.now();
      button.click();
      await shown;
      return performance.now() - start;
    }, choice === 'continue' ? [] : choice.split('+')));
  }
}
console.log(`Decision to next scene shown (${steps.length} steps): median ${ms(median(steps))}, max ${ms(Math.max(...steps))}`);
await browser.close();
