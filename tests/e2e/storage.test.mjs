// Stored data that cannot be read, and storage that cannot be written: the
// app still starts, says what happened, keeps the unreadable data aside for
// download and never silently deletes it; a full quota is reported.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  PROGRESS_KEY, REFERENCE, chooseByMouse, downloadText, fillableQuota, heading, launch, open, plan, progressRecord, ready,
} from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });


const stored = (page, key = PROGRESS_KEY) => page.evaluate((k) => localStorage.getItem(k), key);
const storedRecord = async (page) => progressRecord(await stored(page));
const asideKeys = (page) => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('course-of-conduct.set-aside.')));

async function reloadWith(page, text) {
  await page.evaluate(([key, value]) => localStorage.setItem(key, value), [PROGRESS_KEY, text]);
  await page.reload();
  await ready(page);
}

const { choices } = plan(`${REFERENCE}-expert`);

test('a damaged record is kept aside, downloadable exactly as found, and the app carries on', async () => {
  const { context, page, watch } = await open(browser);
  const damaged = '{"format":1,"officer":"PC 4127","unfinished":[{"format":1,"scenario_id":"after-the-br';
  await reloadWith(page, damaged);

  const notice = page.locator('.notification');
  assert.match(await notice.innerText(), /Some of your saved progress could not be read/);
  assert.match(await notice.innerText(), /damaged and cannot be read/);
  assert.equal((await asideKeys(page)).length, 1);
  assert.equal((await storedRecord(page)).format, 2, 'the record is readable again');

  await page.click('.notification a:has-text("Your record")');
  const aside = page.locator('li.aside');
  await aside.first().waitFor();
  assert.equal(await aside.count(), 1);
  const { text } = await downloadText(page, () => aside.locator('button:has-text("Download")').click());
  assert.equal(text, damaged, 'the download is the data exactly as it was found');

  // The app works as normal afterwards.
  await page.goto(`${page.url().split('#')[0]}#/play/${REFERENCE}?seed=2`);
  await ready(page);
  await chooseByMouse(page, choices[0]);
  assert.equal((await storedRecord(page)).unfinished.length, 1);

  // Deleting set-aside data is the officer's decision, confirmed first.
  await page.click('a:has-text("Your record")');
  page.once('dialog', (d) => d.dismiss());
  await aside.locator('button:has-text("Delete")').click();
  assert.equal((await asideKeys(page)).length, 1, 'nothing is deleted without confirmation');
  page.once('dialog', (d) => d.accept());
  await aside.locator('button:has-text("Delete")').click();
  await page.waitForFunction(() => !document.querySelector('li.aside'));
  assert.equal((await asideKeys(page)).length, 0);
  assert.deepEqual(watch.errors, []);
  await context.close();
});

test('one unreadable part is set aside and everything else is kept', async () => {
  const { context, page } = await open(browser, { hash: `#/play/${REFERENCE}?seed=4` });
  for (const choice of choices.slice(0, 3)) await chooseByMouse(page, choice);
  // A damaged line, as a broken edit or a disk error would leave it.
  const record = await stored(page);
  assert.doesNotMatch(record, /^completed /m);
  await reloadWith(page, `${record}completed c2V2ZW4=\n`);

  assert.match(await page.locator('.notification').innerText(), /A completed run could not be read/);
  const kept = await storedRecord(page);
  assert.equal(kept.unfinished.length, 1, 'the unfinished run is kept');
  assert.deepEqual(kept.unfinished[0].choices, choices.slice(0, 3).map((c) => (c === 'continue' ? [] : c.split('+'))));
  assert.equal(kept.completed.length, 0);
  // Kept aside as a record of its own: header, when, why, then the data.
  const [key] = await asideKeys(page);
  const aside = (await stored(page, key)).split('\n');
  assert.equal(aside[0], 'course-of-conduct set-aside 1');
  assert.match(aside[2], /^a completed run could not be read/);
  assert.equal(aside.slice(3).join('\n'), 'course-of-conduct progress 2\ncompleted c2V2ZW4=\n');
  await context.close();
});

test('a record from an older format is set aside with the reason', async () => {
  const { context, page } = await open(browser);
  const old = JSON.stringify({ format: 0, runs: [{ scenario: REFERENCE, answers: [1, 2] }] });
  await reloadWith(page, old);
  assert.match(await page.locator('.notification').innerText(), /older version of the app \(format 0\)/);
  await page.click('.notification a:has-text("Your record")');
  const { text } = await downloadText(page, () => page.locator('li.aside button:has-text("Download")').click());
  assert.equal(text, old);
  await context.close();
});

test('a full quota is reported, and saving resumes once there is room', async () => {
  const { context, page } = await open(browser, { hash: `#/play/${REFERENCE}?seed=6`, init: fillableQuota });
  await chooseByMouse(page, choices[0]);
  await page.evaluate(() => { window.name = 'full'; });
  await chooseByMouse(page, choices[1]);
  const alert = page.locator('.notification--alert[role="alert"]');
  assert.match(await alert.innerText(), /Your progress could not be saved/);
  assert.match(await alert.innerText(), /storage for the app is full/);
  assert.equal((await storedRecord(page)).unfinished[0].choices.length, 1, 'the last good save is intact');

  await page.evaluate(() => { window.name = ''; });
  await chooseByMouse(page, choices[2]);
  await page.waitForFunction(() => !document.querySelector('.notification--alert'));
  assert.equal((await storedRecord(page)).unfinished[0].choices.length, 3);
  await context.close();
});

test('unreadable data with no room to keep it aside is left exactly as it was', async () => {
  const { context, page } = await open(browser, { init: fillableQuota });
  const damaged = 'not json at all';
  await page.evaluate(([key, value]) => localStorage.setItem(key, value), [PROGRESS_KEY, damaged]);
  await page.evaluate(() => { window.name = 'full'; });
  await page.reload();
  await ready(page);
  assert.match(await page.locator('.notification').innerText(), /leaving your stored progress exactly as it was/);

  await page.goto(`${page.url().split('#')[0]}#/play/${REFERENCE}?seed=2`);
  await ready(page);
  await chooseByMouse(page, choices[0]);
  assert.equal(await stored(page), damaged, 'nothing was written over it');
  await page.click('a:has-text("Your record")');
  const { text } = await downloadText(page, () => page.locator('li.aside button:has-text("Download")').click());
  assert.equal(text, damaged);
  await context.close();
});

test('a browser that blocks storage is told its progress is not being saved', async () => {
  const blocked = () => {
    Object.defineProperty(window, 'localStorage', {
      get() { throw new DOMException('The operation is insecure.', 'SecurityError'); },
    });
  };
  const { context, page, watch } = await open(browser, { hash: `#/play/${REFERENCE}?seed=2`, init: blocked });
  assert.match(await page.locator('.notification--alert').innerText(), /Your progress is not being saved/);
  await chooseByMouse(page, choices[0]);
  assert.match(await heading(page), /.+/);
  assert.deepEqual(watch.errors, []);
  await context.close();
});
