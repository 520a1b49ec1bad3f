// Fixed seeds and paths: the reference scenario's two playthrough plans,
// played in the browser from a seed set in the address, give the same
// report as the native CLI and the scores the plans expect.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import {
  REFERENCE, ROOT, chooseByMouse, cliReport, downloadText, expectedScores, launch, open, plan, reportShown, reportedScores,
} from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

/** The scores a plan expects, by competency id. */
function planScores(name) {
  const text = readFileSync(`${ROOT}tests/playthroughs/${name}.toml`, 'utf8');
  const block = /^\[expect\.scores\]([\s\S]*)$/m.exec(text)[1];
  return Object.fromEntries([...block.matchAll(/^(\w+)\s*=\s*(\d+)/gm)].map((m) => [m[1], Number(m[2])]));
}

for (const which of ['expert', 'poor']) {
  test(`the ${which} plan's report matches the CLI for the same seed and choices`, async () => {
    const name = `${REFERENCE}-${which}`;
    const run = plan(name);
    const { context, page } = await open(browser, { hash: `#/play/${REFERENCE}?seed=${run.seed}&mode=${run.mode}` });
    for (const choice of run.choices) await chooseByMouse(page, choice);
    await page.click('a:has-text("See your report")');
    await reportShown(page);

    const expected = cliReport(run);
    assert.equal(expected.seed, run.seed);
    assert.deepEqual(await reportedScores(page), expectedScores(expected));
    const byId = Object.fromEntries(expected.competencies.filter((c) => c.percent !== null).map((c) => [c.id, c.percent]));
    assert.deepEqual(byId, planScores(name));

    const { text } = await downloadText(page, () => page.click('button:has-text("Download as JSON")'));
    assert.deepEqual(JSON.parse(text).report, expected);

    const missed = await page.locator('.gap h3').allInnerTexts();
    assert.deepEqual(missed, expected.missed_key_actions.map((a) => a.text));
    for (const gap of await page.locator('.gap').all()) {
      const words = await gap.innerText();
      assert.match(words, /Why it matters/);
      assert.match(words, /Guidance/);
    }
    await context.close();
  });
}
