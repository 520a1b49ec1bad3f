// Saved progress: an unfinished run survives a reload and a closed tab, and
// opens at the same decision with the same (shuffled) option order.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BASE_URL, REFERENCE, chooseByMouse, heading, launch, open, plan, ready } from './support.mjs';

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
  const saved = await page.evaluate(() => localStorage.getItem('course-of-conduct.progress'));
  const edited = saved.replace(/"content_hash":\s*\d+/, '"content_hash": 12345');
  await page.evaluate((text) => localStorage.setItem('course-of-conduct.progress', text), edited);
  await page.reload();
  await ready(page);

  const notice = await page.locator('.notification').innerText();
  assert.match(notice, /Your unfinished run could not be resumed/);
  assert.match(notice, /the scenario has been changed since this run was saved/);
  assert.equal(await page.locator('input[name="decision"]').first().isVisible(), true, 'a new run has started');
  const kept = await page.evaluate(() => Object.keys(localStorage)
    .filter((k) => k.startsWith('course-of-conduct.set-aside.'))
    .map((k) => JSON.parse(localStorage.getItem(k)).data));
  assert.equal(kept.length, 1);
  assert.match(kept[0], /"content_hash": 12345/);
  const first = choices.find((c) => c !== 'continue').split('+')[0];
  assert.ok(kept[0].includes(`"${first}"`), `the kept run names ${first}`);
  await context.close();
});
