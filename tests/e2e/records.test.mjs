// The officer's own records on a shared computer: the first start asks
// whether other people use this computer, and on one the progress lasts only
// for the browser session; "clear my data" leaves nothing behind; a progress
// file brought in from another computer is merged without duplicating a run,
// a damaged one is refused and changes nothing, and runs of scenarios this
// site does not have are kept and shown as such.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  PROGRESS_KEY, REFERENCE, chooseByMouse, downloadText, launch, open, plan, ready, reportShown, storedProgress,
} from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

const { choices } = plan(`${REFERENCE}-expert`);

const ours = (page) => page.evaluate(() => ({
  local: Object.keys(localStorage).filter((k) => k.startsWith('course-of-conduct.')),
  session: Object.keys(sessionStorage).filter((k) => k.startsWith('course-of-conduct.')),
}));

const status = (page) => page.locator('section[aria-labelledby="import-title"] [role="status"]').innerText();

async function bringIn(page, name, text) {
  const before = await status(page);
  await page.setInputFiles('#import-file', { name, mimeType: 'application/json', buffer: Buffer.from(text) });
  await page.waitForFunction(
    (was) => document.querySelector('section[aria-labelledby="import-title"] [role="status"]').innerText !== was,
    before,
  );
  return status(page);
}

test('a shared computer keeps progress for the browser session only; clearing leaves nothing; an import merges without duplicating', async () => {
  const { context, page, watch } = await open(browser, { hash: `#/scenario/${REFERENCE}` });

  // Asked the first time someone starts a scenario.
  const question = page.locator('fieldset:has-text("Is this a shared computer?")');
  assert.equal(await question.count(), 1);
  await page.check('#computer-shared');
  await page.click('main form button[type="submit"]');
  await ready(page);
  for (const choice of choices) await chooseByMouse(page, choice);
  await page.click('a:has-text("See your report")');
  await reportShown(page);

  let kept = await ours(page);
  assert.deepEqual(kept.local, [], 'nothing of this officer in local storage');
  assert.ok(kept.session.includes(PROGRESS_KEY), 'progress in session storage');
  assert.equal((await storedProgress(page)).completed.length, 1);

  // The next browser session (a new tab has its own session storage) sees nothing and is asked again.
  const next = await context.newPage();
  await next.goto(page.url().split('#')[0] + '#/record');
  await ready(next);
  assert.doesNotMatch(await next.locator('main').innerText(), /after the break|Continue “/i);
  await next.goto(page.url().split('#')[0] + `#/scenario/${REFERENCE}`);
  await ready(next);
  assert.equal(await next.locator('fieldset:has-text("Is this a shared computer?")').count(), 1);
  await next.close();

  // Download first, then clear: nothing is left behind.
  await page.goto(page.url().split('#')[0] + '#/record');
  await ready(page);
  const { text: file } = await downloadText(page, () => page.click('button:has-text("Download your progress first")'));
  assert.equal(JSON.parse(file).completed.length, 1);
  page.once('dialog', (d) => d.dismiss());
  await page.click('button:has-text("Clear my data from this browser")');
  assert.ok((await ours(page)).session.includes(PROGRESS_KEY), 'nothing is cleared without confirmation');
  page.once('dialog', (d) => d.accept());
  await page.click('button:has-text("Clear my data from this browser")');
  await page.waitForSelector('text=Your data has been cleared from this browser.');
  kept = await ours(page);
  assert.deepEqual(kept, { local: [], session: [] }, 'nothing of the officer is left in the browser');

  // On another computer (here, the cleared browser): the file's run comes back once.
  assert.match(await bringIn(page, 'progress.json', file), /Imported: 1 run added, 0 runs already here\./);
  assert.match(await bringIn(page, 'progress.json', file), /Imported: 0 runs added, 1 run already here\./);
  const stored = () => storedProgress(page);
  assert.equal((await stored()).completed.length, 1);

  // A damaged file is refused and changes nothing.
  const refused = await bringIn(page, 'damaged.json', file.slice(0, file.length / 2));
  assert.doesNotMatch(refused, /Imported/);
  assert.match(refused, /\S/);
  assert.equal((await stored()).completed.length, 1);

  // A run of a scenario this site does not have is kept and shown as such.
  const elsewhere = JSON.parse(file);
  elsewhere.completed[0].report.scenario_id = 'a-scenario-of-another-force';
  assert.match(await bringIn(page, 'elsewhere.json', JSON.stringify(elsewhere)), /1 run added[\s\S]*1 run of scenarios this site does not have/);
  assert.equal((await stored()).completed.length, 2);
  assert.match(await page.locator('main').innerText(), /A scenario this site does not have/);
  assert.deepEqual(watch.errors, []);
  await context.close();
});

test('a start page whose module cannot be loaded says so; the scenario can still be started, and an unfinished run continued', async () => {
  // Routed before the home page warms the module, so it never loads.
  const prepare = (context) => context.route('**/pages/**', (route) => route.abort());
  const { context, page, watch } = await open(browser, { prepare });
  const startPage = async () => {
    await page.click(`a[href="#/scenario/${REFERENCE}"]`);
    await page.waitForFunction(() => document.querySelector('main h1')?.textContent === 'This scenario could not be shown');
  };
  await startPage();
  const text = await page.locator('main').innerText();
  assert.match(text, /could not be loaded[\s\S]*Reload the page to try again\./);
  assert.ok(text.includes('Content note: ') && text.indexOf('Content note: ') < text.indexOf('Or start it now'), 'the content note comes before the way in');
  await page.click('a:has-text("Or start it now in training mode")');
  await page.waitForURL(new RegExp(`#/play/${REFERENCE}\\?seed=\\d+&mode=training$`));
  await ready(page);
  await chooseByMouse(page, choices[0]);
  const saved = (await storedProgress(page)).unfinished;
  assert.equal(saved.length, 1, 'the run is saved as it goes');

  await page.click('nav a:has-text("Scenarios")');
  await ready(page);
  await startPage();
  assert.equal(await page.locator('a:has-text("Or start it now")').count(), 0, 'a new run would replace the unfinished one');
  await page.click('a:has-text("Or continue your unfinished run")');
  await ready(page);
  // Only the run that was continued offers the second decision's answer.
  await chooseByMouse(page, choices[1]);
  const [continued] = (await storedProgress(page)).unfinished;
  assert.equal(continued.seed, saved[0].seed, 'the same run, continued');
  assert.equal(continued.choices.length, saved[0].choices.length + 1);
  assert.deepEqual(watch.errors, []);
  await context.close();
});

test('the pages module cannot be loaded: the page says so in plain words, and the finished run is kept', async () => {
  const { context, page, watch } = await open(browser, { hash: `#/play/${REFERENCE}?seed=2` });
  await context.route('**/pages/**', (route) => route.abort());
  for (const choice of choices) await chooseByMouse(page, choice);
  await page.click('a:has-text("See your report")');
  await page.waitForFunction(() => document.querySelector('main h1')?.textContent === 'Your report could not be shown');
  assert.match(await page.locator('main').innerText(), /could not be loaded[\s\S]*Your progress is safe in this browser\. Reload the page to try again\./);
  assert.equal((await storedProgress(page)).completed.length, 1, 'the run is kept');

  // Once the module can be loaded, the same address shows the report.
  await context.unroute('**/pages/**');
  await page.reload();
  await reportShown(page);
  assert.deepEqual(watch.errors, []);
  await context.close();
});
