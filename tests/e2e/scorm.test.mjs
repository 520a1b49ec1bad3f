// The release's SCORM packages in a test LMS built on scorm-again 3.4.3
// (the LMS side of SCORM 1.2 and 2004): each package unzipped, its launch
// file in a frame, the reference scenario played to the end by mouse and by
// keyboard, and every value scorm-again holds checked against the report the
// app shows and the CLI's `play --json` for the same seed and choices. Then a
// second launch resumes from suspend_data alone (a fresh browser profile), an
// LMS that refuses a call, and an LMS that is slow.

import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import {
  REFERENCE, chooseByKeyboard, chooseByMouse, expectedScores, launch, plan, progressRecord, reportedScores,
} from './support.mjs';
import {
  appFrame, cliReportOf, inFrame, optionOrder, overallPercent, radix36, serveRoot, unpack,
} from './lms/support.mjs';

let browser;
let root;
let server;
let base;
before(async () => {
  browser = await launch();
  root = unpack();
  ({ server, url: base } = await serveRoot(root));
});
after(async () => {
  await browser.close();
  server.close();
  rmSync(root, { recursive: true, force: true });
});

const LEARNER = { student_id: '4127', student_name: 'Officer, Test' };
const expert = plan(`${REFERENCE}-expert`);
const order = optionOrder(REFERENCE);

/** Opens the test LMS with a package at a route of the app. */
async function startLms({ pkg, version, data, hash = '', context }) {
  const ctx = context ?? await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${base}lms/index.html`);
  await page.evaluate((options) => window.startLms(options), { pkg: `${pkg}`, version, data });
  if (hash) {
    const frame = await appFrame(page);
    await frame.evaluate((h) => { location.hash = h; }, hash);
  }
  const frame = await appFrame(page);
  return { context: ctx, page, frame, view: inFrame(page, frame), errors };
}

const lmsData = (page) => page.evaluate(() => window.lmsData().cmi);

async function seeReport(frame) {
  await frame.click('a:has-text("See your report")');
  await frame.waitForFunction(() => /#\/report\/\d+$/.test(location.hash) && document.querySelector('main h1')?.textContent.startsWith('Your report'));
}

/** The interactions scorm-again holds, in order. */
const interactions = (cmi) => Object.keys(cmi.interactions).map(Number).sort((a, b) => a - b).map((n) => cmi.interactions[n]);

/** What every SCORM 1.2 interaction and objective must say for this report. */
function checkScorm12(cmi, report, { complete }) {
  assert.equal(cmi.core.lesson_status, complete ? (report.verdict === 'competent' ? 'passed' : 'failed') : 'incomplete');
  assert.equal(cmi.core.score.raw, String(overallPercent(report)));
  assert.equal(cmi.core.score.min, '0');
  assert.equal(cmi.core.score.max, '100');
  const objectives = Object.values(cmi.objectives);
  assert.deepEqual(objectives.map((o) => o.id), report.competencies.map((c) => c.id), 'one objective per competency');
  for (const [i, c] of report.competencies.entries()) {
    assert.equal(objectives[i].score.raw, c.percent === null ? '' : String(c.percent), c.id);
    assert.equal(objectives[i].status, c.percent === null ? 'not attempted' : (c.passed ? 'passed' : 'failed'), c.id);
  }
  const decisions = report.decisions;
  const held = interactions(cmi);
  assert.equal(held.length, decisions.length, 'one interaction per decision');
  const steps = report.choices.map((c, i) => [c, i + 1]).filter(([c]) => c.length > 0);
  for (const [i, d] of decisions.entries()) {
    const it = held[i];
    assert.equal(it.id, `${REFERENCE}_r${radix36(report.seed)}_d${steps[i][1]}`);
    assert.equal(it.type, 'choice');
    const letters = d.chosen.map((c) => 'abcdefghijklmnopqrstuvwxyz0123456789'[order[d.scene_id].indexOf(c.option_id)]);
    assert.equal(it.student_response, letters.join(','), d.scene_id);
    assert.match(it.result, /^(correct|wrong|neutral)$/);
    const critical = d.chosen.some((c) => c.critical);
    if (critical) assert.equal(it.result, 'wrong', 'a critical error is wrong');
    assert.match(it.time, /^\d\d:\d\d:\d\d$/);
    assert.match(it.latency, /^\d{2,4}:\d\d:\d\d(\.\d{1,2})?$/, "CMITimespan: seconds with up to two decimals");
    assert.match(it.weighting, /^\d+$/);
  }
  assert.ok(cmi.suspend_data.length <= 4096, `suspend_data is ${cmi.suspend_data.length} characters`);
}

test('SCORM 1.2: the reference scenario by mouse, every value against the app and the CLI', async () => {
  const { context, page, frame, view, errors } = await startLms({
    pkg: 'recognising-scorm12',
    version: '12',
    data: { core: LEARNER, student_data: { mastery_score: '80' } },
    hash: `#/play/${REFERENCE}?seed=${expert.seed}&mode=${expert.mode}`,
  });
  for (const choice of expert.choices) await chooseByMouse(view, choice);
  await seeReport(frame);
  const expected = cliReportOf(REFERENCE, expert);
  assert.deepEqual(await reportedScores(frame), expectedScores(expected), 'the app shows the CLI\'s scores');
  await frame.waitForFunction(() => /reached your force's training records/.test(document.getElementById('records-status')?.textContent ?? ''));
  const cmi = await lmsData(page);
  // The module has five scenarios and this is one: incomplete, with the score so far.
  checkScorm12(cmi, expected, { complete: false });
  assert.match(cmi.suspend_data, /^1;c/);
  // A finished run leaves the location as it was (an empty value is refused
  // by some LMSs); only an unfinished run is reopened from it.
  assert.equal(cmi.core.lesson_location, REFERENCE);
  assert.deepEqual(errors, []);
  await context.close();
});

test('SCORM 1.2: by keyboard, then a second launch resumes from suspend_data at the same decision with the same option order', async () => {
  const assessment = { ...expert, mode: 'assessment', seed: 11 };
  const first = await startLms({
    pkg: 'recognising-scorm12',
    version: '12',
    data: { core: LEARNER },
    hash: `#/play/${REFERENCE}?seed=${assessment.seed}&mode=assessment`,
  });
  // Assessment mode shuffles; the plan's ids name the options whatever their order.
  const half = 6;
  for (const choice of assessment.choices.slice(0, half)) await chooseByKeyboard(first.view, choice);
  const shownBefore = await first.frame.evaluate(() => ({ title: document.querySelector('main h1').textContent, options: [...document.querySelectorAll('input[name="decision"]')].map((i) => i.id) }));
  // Leaving the page suspends: exit, session time, then LMSFinish.
  await first.frame.goto('about:blank');
  const kept = await lmsData(first.page);
  assert.equal(kept.core.exit, 'suspend');
  assert.match(kept.core.session_time, /^\d+:\d\d:\d\d/);
  assert.equal(kept.core.lesson_location, REFERENCE);
  assert.equal(kept.core.lesson_status, 'incomplete');
  await first.context.close();

  // A new browser profile: only the LMS's data can bring the run back.
  const second = await startLms({
    pkg: 'recognising-scorm12',
    version: '12',
    data: { core: { ...LEARNER, entry: 'resume', lesson_location: kept.core.lesson_location, lesson_status: kept.core.lesson_status }, suspend_data: kept.suspend_data },
  });
  await second.frame.waitForFunction((title) => document.querySelector('main h1')?.textContent === title, shownBefore.title);
  const shownAfter = await second.frame.evaluate(() => ({ title: document.querySelector('main h1').textContent, options: [...document.querySelectorAll('input[name="decision"]')].map((i) => i.id) }));
  assert.deepEqual(shownAfter, shownBefore, 'the same decision, the same option order');
  for (const choice of assessment.choices.slice(half)) await chooseByKeyboard(second.view, choice);
  await seeReport(second.frame);
  const expected = cliReportOf(REFERENCE, assessment);
  assert.deepEqual(await reportedScores(second.frame), expectedScores(expected));
  const cmi = await lmsData(second.page);
  // Interactions are write-only in SCORM 1.2: this launch holds the decisions taken in it.
  assert.equal(cmi.core.score.raw, String(overallPercent(expected)));
  assert.equal(cmi.core.lesson_status, 'incomplete');
  assert.equal(interactions(cmi).length, expected.decisions.length - interactions(kept).length);
  assert.deepEqual(second.errors, []);
  await second.context.close();
});

test('SCORM 2004: a single-scenario module by mouse, completed and judged, then terminated', async () => {
  const id = 'what-the-victim-needs';
  const { context, page, frame, view, errors } = await startLms({
    pkg: 'supporting-scorm2004',
    version: '2004',
    data: { learner_id: '4127', learner_name: 'Officer, Test' },
    hash: `#/play/${id}?seed=5&mode=training`,
  });
  // The first option each time, by mouse: the ids chosen are the plan for the CLI.
  const choices = [];
  for (let step = 0; step < 80; step += 1) {
    if (await frame.locator('a:has-text("See your report")').count()) break;
    const firstOption = await frame.evaluate(() => {
      const inputs = [...document.querySelectorAll('input[name="decision"]')];
      return inputs.length ? inputs[0].id.replace(/^option-/, '') : 'continue';
    });
    choices.push(firstOption);
    await chooseByMouse(view, firstOption);
  }
  await seeReport(frame);
  const run = { seed: 5, mode: 'training', choices };
  const expected = cliReportOf(id, run);
  assert.deepEqual(await reportedScores(frame), expectedScores(expected));
  await page.waitForFunction(() => window.API_1484_11.isTerminated());
  const cmi = await lmsData(page);
  const overall = overallPercent(expected);
  const passed = expected.verdict === 'competent' && overall >= expected.pass_mark;
  assert.equal(cmi.completion_status, 'completed');
  assert.equal(cmi.success_status, passed ? 'passed' : 'failed');
  assert.equal(cmi.score.raw, String(overall));
  assert.equal(Number(cmi.score.scaled), overall / 100);
  assert.equal(cmi.exit, 'normal');
  assert.match(cmi.session_time, /^PT/);
  const objectives = Object.values(cmi.objectives);
  assert.deepEqual(objectives.map((o) => o.id), expected.competencies.map((c) => c.id));
  for (const [i, c] of expected.competencies.entries()) {
    assert.equal(objectives[i].success_status, c.percent === null ? 'unknown' : (c.passed ? 'passed' : 'failed'));
    if (c.percent !== null) assert.equal(Number(objectives[i].score.scaled), c.percent / 100);
  }
  const held = interactions(cmi);
  assert.equal(held.length, expected.decisions.length);
  for (const [i, d] of expected.decisions.entries()) {
    assert.equal(held[i].learner_response, d.chosen.map((c) => c.option_id).join('[,]'));
    assert.equal(held[i].type, 'choice');
    assert.match(held[i].result, /^(correct|incorrect|neutral)$/);
    assert.match(held[i].description, /^\{lang=en-GB\}/);
    assert.match(held[i].timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
    assert.match(held[i].latency, /^PT/);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('an LMS that refuses a call: the officer is told in plain words, the run is kept, and it is sent once the LMS accepts', async () => {
  const { context, page, frame, view } = await startLms({
    pkg: 'recognising-scorm12',
    version: '12',
    data: { core: LEARNER },
    hash: `#/play/${REFERENCE}?seed=${expert.seed}&mode=${expert.mode}`,
  });
  await chooseByMouse(view, expert.choices[0]);
  // The LMS module hears of each step in its own time: the first step has
  // reached the LMS before it starts refusing.
  await page.waitForFunction(() => {
    const steps = String(window.lmsData().cmi.suspend_data).split(';')[1]?.split(':').pop() ?? '';
    return steps !== '' && steps.split(',').length === 1;
  });
  await page.evaluate(() => { window.lmsRefuse = '^cmi\\.suspend_data$'; });
  await chooseByMouse(view, expert.choices[1]);
  const alert = frame.locator('.notification--alert[role="alert"]');
  await alert.waitFor();
  const words = await alert.innerText();
  assert.match(words, /did not accept your progress/);
  assert.match(words, /General exception/);
  assert.match(words, /error 351/);
  assert.match(words, /kept in this browser/);
  // The run is in the browser, under this learner's own keys.
  const stored = (await frame.evaluate(() => Object.entries(localStorage).filter(([k]) => /^course-of-conduct\.lms\.[0-9a-f]{16}\.progress$/.test(k)).map(([, v]) => v)))
    .map((v) => progressRecord(v));
  assert.equal(stored.length, 1);
  assert.equal(stored[0].unfinished[0].choices.length, 2);

  await page.evaluate(() => { window.lmsRefuse = null; });
  await chooseByMouse(view, expert.choices[2]);
  await frame.waitForFunction(() => !document.querySelector('.notification--alert'));
  const cmi = await lmsData(page);
  const steps = JSON.parse(JSON.stringify(cmi.suspend_data)).split(';')[1].split(':').pop().split(',');
  assert.equal(steps.length, 3, 'the LMS has all three steps');
  const decisions = expert.choices.slice(0, 3).filter((c) => c !== 'continue').length;
  assert.equal(interactions(cmi).length, decisions, 'each decision once, in order');
  await context.close();
});

test('the LMS module cannot be loaded: the officer is told in plain words and the run is still kept in this browser', async () => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  await context.route(/\/lms\/lms_bg\.wasm(\?|$)/, (route) => route.fulfill({ status: 404, body: 'gone' }));
  const { page, frame, view } = await startLms({
    context,
    pkg: 'recognising-scorm12',
    version: '12',
    data: { core: LEARNER },
    hash: `#/play/${REFERENCE}?seed=${expert.seed}&mode=${expert.mode}`,
  });
  const alert = frame.locator('.notification--alert[role="alert"]');
  await alert.waitFor();
  assert.match(await alert.innerText(), /link to your force's training records could not be loaded.*kept in this browser/s);
  await chooseByMouse(view, expert.choices[0]);
  await chooseByMouse(view, expert.choices[1]);
  const stored = progressRecord(await frame.evaluate(() => localStorage.getItem('course-of-conduct.progress')));
  assert.equal(stored.unfinished[0].choices.length, 2, 'the run is kept in this browser');
  assert.deepEqual(interactions(await lmsData(page)), [], 'nothing reached the LMS');
  await context.close();
});

test('a slow LMS: each call takes its time, the officer still moves on, and every value arrives', async () => {
  const { context, page, frame, view } = await startLms({
    pkg: 'recognising-scorm12',
    version: '12',
    data: { core: LEARNER },
    hash: `#/play/${REFERENCE}?seed=${expert.seed}&mode=${expert.mode}`,
  });
  await page.evaluate(() => { window.lmsSlow = 40; });
  for (const choice of expert.choices) await chooseByMouse(view, choice);
  await seeReport(frame);
  await frame.waitForFunction(() => /reached your force's training records/.test(document.getElementById('records-status')?.textContent ?? ''), null, { timeout: 60000 });
  checkScorm12(await lmsData(page), cliReportOf(REFERENCE, expert), { complete: false });
  await context.close();
});
