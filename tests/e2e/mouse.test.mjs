// The reference scenario played with the mouse from the home page, in
// training mode: feedback with its source after every decision, exhibits
// that open and close in place, the clock, and a report whose figures and
// JSON export match the native CLI for the same seed and choices.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  REFERENCE, chooseByMouse, cliReport, cspViolations, downloadText, expectedScores, heading, launch, open, plan, reportShown, reportedScores,
} from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

test('home to report by mouse, with feedback after every decision', async () => {
  // Printing opens a dialog headless Chromium cannot show; count the calls instead.
  const init = () => { window.print = () => { window.__printed = (window.__printed ?? 0) + 1; }; };
  const { context, page, watch } = await open(browser, { init });
  const pagesModule = () => watch.requests.filter((url) => /\/pages\/pages(_bg\.wasm|\.js)(\?|$)/.test(url));

  // The start page's module is fetched while the officer reads the list.
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.includes('/pages/pages_bg.wasm')));
  await page.click(`a[href="#/scenario/${REFERENCE}"]`);
  assert.equal(await heading(page), 'After the break-up');
  assert.equal(pagesModule().length, 2, 'fetched once, before the click');
  assert.match(await page.locator('.warning').innerText(), /Content note/);
  assert.match(await page.locator('main').innerText(), /0808 802 0300/);
  assert.equal(await page.isChecked('#mode-training'), true);
  await page.click('button:has-text("Start")');
  await page.waitForURL(/#\/play\/after-the-break-up\?seed=\d+&mode=training$/);
  const seed = Number(/seed=(\d+)/.exec(page.url())[1]);
  const { choices } = plan(`${REFERENCE}-expert`);

  // An exhibit opens and closes in place, and the decision is still there.
  const exhibit = page.locator('details.exhibit').first();
  await exhibit.locator('summary').click();
  assert.equal(await exhibit.evaluate((d) => d.open), true);
  assert.equal(await exhibit.locator('.exhibit__body').isVisible(), true);
  await exhibit.locator('summary').click();
  assert.equal(await exhibit.evaluate((d) => d.open), false);

  let sawClockMove = false;
  for (const [i, choice] of choices.entries()) {
    const decision = choice !== 'continue';
    await chooseByMouse(page, choice);
    sawClockMove ||= await page.locator('.tag--clock').isVisible().catch(() => false);
    if (decision) {
      const feedback = page.locator('.feedback');
      assert.equal(await feedback.isVisible(), true, `feedback after step ${i + 1} (${choice})`);
      const text = await feedback.innerText();
      assert.match(text, /You chose:/);
      assert.match(text, /Source:/, `a source after step ${i + 1}`);
    }
  }
  assert.ok(sawClockMove, 'the clock is shown moving on');

  // The ending, then the report.
  assert.match(await page.locator('main').innerText(), /What happened/);
  await page.click('a:has-text("See your report")');
  await reportShown(page);
  assert.match(await heading(page), /^Your report: After the break-up/);

  const expected = cliReport({ seed, mode: 'training', choices });
  assert.deepEqual(await reportedScores(page), expectedScores(expected));
  assert.match(await page.locator('.panel').innerText(), new RegExp(expected.verdict === 'competent' ? 'Competent' : 'Not yet competent'));
  assert.equal(await page.locator('#critical-title').count(), expected.critical_errors.length ? 1 : 0);
  assert.equal(await page.locator('.path__step').count(), expected.decisions.length);
  assert.equal(await page.locator('svg.chart__svg[role="img"]').count(), 1);

  const { name, text } = await downloadText(page, () => page.click('button:has-text("Download as JSON")'));
  assert.match(name, /^report-after-the-break-up-run-\d+\.json$/);
  assert.deepEqual(JSON.parse(text).report, expected);

  await page.click('button:has-text("Print this report")');
  assert.equal(await page.evaluate(() => window.__printed), 1);

  // The officer's record has the run and a profile built from it.
  await page.click('a:has-text("Your record")');
  await page.waitForFunction(() => document.querySelector('main h1')?.textContent === 'Your record');
  assert.equal(await page.locator('#runs-title ~ table tbody tr').count(), 1);
  assert.equal(await page.locator('#profile-chart-title').count(), 1);

  assert.deepEqual(watch.errors, []);
  assert.deepEqual(await cspViolations(page), []);
  await context.close();
});
