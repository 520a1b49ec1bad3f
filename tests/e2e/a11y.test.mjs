// Accessibility in a real browser: axe-core finds no violations on each
// view (home, start page, scene, feedback, an open exhibit, the error
// summary, the ending, the report with critical errors, the record, the
// set-aside data, the guidance index and its sections), and nothing needs scrolling sideways at 320 px wide or
// at 200% zoom.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { REFERENCE, axe, chooseByMouse, launch, open, plan, ready, reportShown } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

async function clean(page, view) {
  assert.deepEqual(await axe(page), [], `axe violations on ${view}`);
  const h1s = await page.locator('h1').count();
  assert.equal(h1s, 1, `one h1 on ${view}`);
  for (const landmark of ['header', 'main', 'footer', 'nav']) {
    assert.equal(await page.locator(landmark).count(), 1, `a ${landmark} on ${view}`);
  }
}

async function noSidewaysScroll(page, view) {
  const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(scroll <= width, `${view} fits ${width}px without scrolling sideways (${scroll}px)`);
}

test('every view passes axe-core', async () => {
  const { context, page } = await open(browser);
  await clean(page, 'home');
  await page.click(`a[href="#/scenario/${REFERENCE}"]`);
  await ready(page);
  await clean(page, 'the start page');

  const { seed, mode, choices } = plan(`${REFERENCE}-poor`);
  await page.goto(`${page.url().split('#')[0]}#/play/${REFERENCE}?seed=${seed}&mode=${mode}`);
  await ready(page);
  await clean(page, 'a scene');
  await page.click('button:has-text("Confirm decision")');
  await page.waitForSelector('.error-summary');
  await clean(page, 'the error summary');

  await chooseByMouse(page, choices[0]);
  assert.equal(await page.locator('.feedback').count(), 1);
  await clean(page, 'feedback');
  await page.locator('details.exhibit summary').first().click();
  assert.equal(await page.locator('details.exhibit[open]').count(), 1);
  await clean(page, 'an open exhibit');

  for (const choice of choices.slice(1)) await chooseByMouse(page, choice);
  await clean(page, 'the ending');
  await page.click('a:has-text("See your report")');
  await reportShown(page);
  assert.equal(await page.locator('.report__critical').count(), 1);
  await clean(page, 'the report');

  // A damaged completed run beside the good one, so the record page lists data kept aside.
  await page.evaluate(() => {
    const key = 'course-of-conduct.progress';
    localStorage.setItem(key, `${localStorage.getItem(key)}completed AAAA\n`);
  });
  await page.reload();
  await ready(page);
  await page.click('a:has-text("Your record")');
  await page.waitForSelector('li.aside');
  assert.equal(await page.locator('li.aside').count(), 1);
  await clean(page, 'the record with set-aside data');

  await page.goto(`${page.url().split('#')[0]}#/nowhere`);
  await ready(page);
  await clean(page, 'page not found');

  await page.click('nav a:has-text("Guidance")');
  await page.waitForFunction(() => document.querySelector('main h1')?.textContent === 'Guidance');
  await clean(page, 'the guidance index');
  await page.click('main a[href="#/guidance/ref-1"]');
  await page.waitForURL(/#\/guidance\/ref-1$/);
  await ready(page);
  await clean(page, 'a guidance section');
  await page.goto(`${page.url().split('#')[0]}#/guidance/sc-4.2.2`);
  await ready(page);
  await clean(page, 'a super-complaint section');
  await context.close();
});

test('views reflow at 320px wide and at 200% zoom', async () => {
  for (const [viewport, scale] of [[{ width: 320, height: 640 }, 1], [{ width: 640, height: 450 }, 2]]) {
    const context = await browser.newContext({ viewport, deviceScaleFactor: scale });
    const page = await context.newPage();
    const { seed, mode, choices } = plan(`${REFERENCE}-poor`);
    const base = `${process.env.BASE_URL}`;
    await page.goto(base);
    await ready(page);
    await noSidewaysScroll(page, `home at ${viewport.width}px`);
    await page.goto(`${base}#/play/${REFERENCE}?seed=${seed}&mode=${mode}`);
    await ready(page);
    await page.locator('details.exhibit summary').first().click();
    await noSidewaysScroll(page, `a scene at ${viewport.width}px`);
    for (const choice of choices) await chooseByMouse(page, choice);
    await page.click('a:has-text("See your report")');
    await reportShown(page);
    await noSidewaysScroll(page, `the report at ${viewport.width}px`);
    await page.click('a:has-text("Your record")');
    await page.waitForFunction(() => document.querySelector('main h1')?.textContent === 'Your record');
    await noSidewaysScroll(page, `the record at ${viewport.width}px`);
    await context.close();
  }
});
