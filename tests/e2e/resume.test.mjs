// Saved progress: an unfinished run survives a reload and a closed tab, and
// opens at the same decision with the same (shuffled) option order.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { readFileSync } from 'node:fs';
import {
  BASE_URL, PROGRESS_KEY, REFERENCE, ROOT, chooseByMouse, cliReport, heading, launch, open, plan, progressRecord, ready,
  storedProgress,
} from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

const snapshot = (page) => page.evaluate(() => ({
  title: document.querySelector('main h1').textContent,
  clock: document.querySelector('.clock__time').textContent,
  options: [...document.querySelectorAll('input[name="decision"]')].map((i) => i.id),
}));

test('an unfinished assessment resumes at the same decision after a reload and a closed tab', async () => {
  const { choices } = plan(`${REFERENCE}-expert`);
  const { context, page } = await open(browser, { hash: `#/play/${REFERENCE}?seed=5&mode=assessment` });
  for (const choice of choices.slice(0, 4)) await chooseByMouse(page, choice);
  const before = await snapshot(page);
  assert.ok(before.options.length > 1);

  await page.reload();
  await ready(page);
  assert.deepEqual(await snapshot(page), before, 'same scene, clock and option order after a reload');

  // Close the tab; a new one opens the run from the home page in one click.
  await page.close();
  const again = await context.newPage();
  await again.goto(BASE_URL);
  await ready(again);
  await again.click(`a.button:has-text("Continue")`);
  await again.waitForURL(/#\/play\/after-the-break-up$/);
  await ready(again);
  assert.deepEqual(await snapshot(again), before, 'same scene, clock and option order in a new tab');

  // The run carries on from there to its end.
  for (const choice of choices.slice(4)) await chooseByMouse(again, choice);
  assert.match(await again.locator('main').innerText(), /What happened/);
  await again.reload();
  await ready(again);
  assert.match(await heading(again), /^Your report: /, 'a reload at the ending opens the report');
  await context.close();
});

test('a run saved against a scenario that has since changed is kept aside, not lost', async () => {
  const { choices } = plan(`${REFERENCE}-expert`);
  const { context, page } = await open(browser, { hash: `#/play/${REFERENCE}?seed=8` });
  for (const choice of choices.slice(0, 2)) await chooseByMouse(page, choice);
  // A trainer edits the file: the saved run names content that no longer exists.
  const saved = await storedProgress(page);
  saved.unfinished[0].content_hash = '0000000000003039';
  const edited = progressRecord(JSON.stringify(saved), { pack: true });
  await page.evaluate((text) => localStorage.setItem('course-of-conduct.progress', text), edited);
  await page.reload();
  await ready(page);

  const notice = await page.locator('.notification').innerText();
  assert.match(notice, /Your unfinished run could not be resumed/);
  assert.match(notice, /the scenario has been changed since this run was saved/);
  assert.equal(await page.locator('input[name="decision"]').first().isVisible(), true, 'a new run has started');
  // Kept as a record of its own: header, when, why, then the run.
  const kept = await page.evaluate(() => Object.keys(localStorage)
    .filter((k) => k.startsWith('course-of-conduct.set-aside.'))
    .map((k) => localStorage.getItem(k).split('\n').slice(3).join('\n')));
  assert.equal(kept.length, 1);
  const run = progressRecord(kept[0]).unfinished[0];
  assert.equal(run.content_hash, '0000000000003039');
  const first = choices.find((c) => c !== 'continue').split('+')[0];
  assert.ok(run.choices.flat().includes(first), `the kept run names ${first}`);
  await context.close();
});

/** FNV-1a, 64-bit, of a file's bytes: the scenario's content hash. */
function contentHash(path) {
  let hash = 0xcbf29ce484222325n;
  for (const byte of readFileSync(path)) hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return hash;
}

test('progress saved by the first version (a numeric content hash) is upgraded: the run resumes and no result is lost', async () => {
  const { seed, mode, choices } = plan(`${REFERENCE}-expert`);
  const taken = choices.slice(0, 3);
  // Where the same run stands when played from the start today.
  const fresh = await open(browser, { hash: `#/play/${REFERENCE}?seed=5&mode=assessment` });
  for (const choice of taken) await chooseByMouse(fresh.page, choice);
  const expected = await snapshot(fresh.page);
  await fresh.context.close();

  // The record exactly as format 1 wrote it: the hash a bare 64-bit number,
  // which JSON.parse would round, so it is written as text here.
  const hash = contentHash(`${ROOT}scenarios/${REFERENCE}.toml`);
  const steps = JSON.stringify(taken.map((c) => (c === 'continue' ? [] : c.split('+'))));
  const run = `{"format":1,"scenario_id":"${REFERENCE}","content_hash":${hash},"seed":5,"mode":"assessment","choices":${steps}}`;
  const report = cliReport({ seed, mode, choices });
  const record = `{"format":1,"officer":"PC 4127","unfinished":[${run}],"completed":[{"number":1,"finished_at":1700000000000,"report":${JSON.stringify(report)}}]}`;

  // Data an earlier version kept aside, as it stored it.
  const asideKey = 'course-of-conduct.set-aside.1700000000000-0';
  const aside = JSON.stringify({ reason: 'a run that could not be read', found_at: 1700000000000, data: '{"number": 7' });

  const { context, page, watch } = await open(browser);
  await page.evaluate(([key, value, k2, v2]) => { localStorage.setItem(key, value); localStorage.setItem(k2, v2); }, [PROGRESS_KEY, record, asideKey, aside]);
  await page.reload();
  await ready(page);
  assert.equal(await page.locator('.notification').count(), 0, 'nothing was set aside');
  const packedAside = await page.evaluate((k) => localStorage.getItem(k), asideKey);
  assert.equal(packedAside, 'course-of-conduct set-aside 1\n1700000000000\na run that could not be read\n{"number": 7', 'kept aside, packed, the data as it was');
  assert.ok(watch.requests.some((url) => url.includes('/files/files_bg.wasm')), 'the files module read the JSON');
  await page.click('a.button:has-text("Continue")');
  await page.waitForURL(/#\/play\/after-the-break-up$/);
  await ready(page);
  assert.deepEqual(await snapshot(page), expected, 'the upgraded run opens where it stood');

  const packed = await page.evaluate((key) => localStorage.getItem(key), PROGRESS_KEY);
  assert.match(packed, /^course-of-conduct progress 2\n/, 'stored packed');
  const stored = progressRecord(packed);
  assert.equal(stored.format, 2);
  assert.equal(stored.unfinished[0].content_hash, hash.toString(16).padStart(16, '0'), 'the hash is hex text now');
  assert.equal(stored.completed.length, 1);
  assert.deepEqual(stored.completed[0].report, report, 'the completed result is kept exactly');
  await page.goto(`${BASE_URL}#/report/1`);
  await ready(page);
  assert.match(await heading(page), /^Your report: /);
  // Packed once: the next visit reads it without the files module.
  watch.requests.length = 0;
  await page.reload();
  await ready(page);
  assert.ok(!watch.requests.some((url) => url.includes('/files/')), 'no files module on the next visit');
  assert.deepEqual(watch.errors, []);
  await context.close();
});

test('a record an earlier version stored as JSON is left exactly as it was when it cannot be upgraded on this visit', async () => {
  const { seed, mode, choices } = plan(`${REFERENCE}-expert`);
  const report = cliReport({ seed, mode, choices });
  const record = JSON.stringify({ format: 2, officer: 'PC 88', unfinished: [], completed: [{ number: 1, finished_at: 1700000000000, report }] });
  const { context, page, watch } = await open(browser);
  await page.evaluate(([key, value]) => localStorage.setItem(key, value), [PROGRESS_KEY, record]);
  await context.route('**/files/**', (route) => route.abort());
  await page.reload();
  await ready(page);
  const notice = await page.locator('.notification').innerText();
  assert.match(notice, /Your saved progress could not be opened on this visit/);
  assert.match(notice, /could not be loaded/);
  assert.match(notice, /Reload the page to try again/);
  // A run played meanwhile is not saved over the record.
  await page.goto(`${BASE_URL}#/play/${REFERENCE}?seed=3`);
  await ready(page);
  await chooseByMouse(page, choices[0]);
  assert.equal(await page.evaluate((key) => localStorage.getItem(key), PROGRESS_KEY), record, 'left exactly as it was');

  // With the module back, the next visit brings everything in.
  await context.unroute('**/files/**');
  await page.goto(BASE_URL);
  await page.reload();
  await ready(page);
  const stored = await storedProgress(page);
  assert.equal(stored.officer, 'PC 88');
  assert.deepEqual(stored.completed[0].report, report, 'the completed result is kept exactly');
  assert.deepEqual(watch.errors, []);
  await context.close();
});
