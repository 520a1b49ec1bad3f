// The reference scenario by keyboard alone, from the home page to the
// printed report, in assessment mode: the skip link, radios and checkboxes,
// the error summary for a decision confirmed with nothing chosen, focus on
// each new scene's heading with an announcement, and the report's figures
// against the native CLI for the same seed and choices.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  REFERENCE, chooseByKeyboard, cliReport, cspViolations, expectedScores, focusOnHeading, heading, launch, open, plan, reportShown, reportedScores, tabTo,
} from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

const focused = (page) => page.evaluate(() => {
  const e = document.activeElement;
  return { tag: e.tagName, id: e.id, text: e.textContent.trim().slice(0, 80) };
});

test('home to printed report by keyboard alone, in assessment mode', async () => {
  const init = () => { window.print = () => { window.__printed = (window.__printed ?? 0) + 1; }; };
  const { context, page, watch } = await open(browser, { init });

  // The first Tab reaches the skip link, which moves focus to the main content.
  await page.keyboard.press('Tab');
  assert.equal((await focused(page)).text, 'Skip to main content');
  await page.keyboard.press('Enter');
  assert.equal((await focused(page)).id, 'main-content');

  await tabTo(page, (href) => document.activeElement?.getAttribute('href') === href, `#/scenario/${REFERENCE}`);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('main h1')?.textContent === 'After the break-up');
  await focusOnHeading(page);

  // Choose assessment with the arrow keys, then start.
  await tabTo(page, () => document.activeElement?.id === 'mode-training');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.isChecked('#mode-assessment'), true);
  await tabTo(page, () => document.activeElement?.textContent === 'Start');
  await page.keyboard.press('Enter');
  await page.waitForURL(/#\/play\/after-the-break-up\?seed=\d+&mode=assessment$/);
  const seed = Number(/seed=(\d+)/.exec(page.url())[1]);
  await focusOnHeading(page);

  // An exhibit opens and closes from the keyboard.
  await tabTo(page, () => document.activeElement?.tagName === 'SUMMARY');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.parentElement.open), true);
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.parentElement.open), false);

  // Confirming with nothing chosen shows the error summary, focused, linking to the options.
  await tabTo(page, () => document.activeElement?.textContent === 'Confirm decision');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.error-summary');
  assert.equal(await page.evaluate(() => document.activeElement.classList.contains('error-summary')), true);
  assert.match(await page.title(), /^Error: /);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  assert.match((await focused(page)).id, /^option-/, 'the summary link goes to the first option');

  const { choices } = plan(`${REFERENCE}-poor`);
  for (const choice of choices) {
    await chooseByKeyboard(page, choice);
    const now = await focused(page);
    assert.equal(now.tag, 'H1', `focus on the new heading after ${choice}`);
    const live = await page.locator('[aria-live="polite"]').innerText();
    assert.match(live, /Now: |The scenario has ended/, `announced after ${choice}`);
    assert.equal(await page.locator('.feedback').count(), 0, 'no feedback in assessment mode');
  }

  await tabTo(page, () => document.activeElement?.textContent === 'See your report');
  await page.keyboard.press('Enter');
  await reportShown(page);
  await focusOnHeading(page);

  const expected = cliReport({ seed, mode: 'assessment', choices });
  assert.deepEqual(await reportedScores(page), expectedScores(expected));
  assert.match(await page.locator('.panel').innerText(), /Assessment result:\s*Not yet competent/);

  // Critical errors come first, straight after the result, with an icon and words.
  const order = await page.evaluate(() => [...document.querySelectorAll('main h2')].map((h) => h.textContent));
  assert.equal(order[1], `Critical errors (${expected.critical_errors.length})`);
  const warnings = page.locator('.report__critical .warning');
  assert.equal(await warnings.count(), expected.critical_errors.length);
  assert.match(await warnings.first().innerText(), /Critical error/);
  assert.equal(await warnings.first().locator('.warning__icon').innerText(), '!');

  // Every citation on the report is a link, so the print button is many tab stops down.
  await tabTo(page, () => document.activeElement?.textContent === 'Print this report', undefined, 400);
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => window.__printed), 1);

  assert.deepEqual(watch.errors, []);
  assert.deepEqual(await cspViolations(page), []);
  await context.close();
});
