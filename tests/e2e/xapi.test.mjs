// xAPI and cmi5 against a real LRS: Ralph 5.1.0 started here on loopback
// with its filesystem backend, behind a test launcher that plays the LMS
// (the fetch URL, LMS.LaunchData, its own `launched` statement). The
// release's cmi5 package is launched as an LMS would, a scenario played to
// the end, and the statements read back from Ralph and checked: required
// fields, order, the cmi5 rules, scores equal to the report. Then Ralph is
// stopped mid-run and started again: every statement arrives exactly once.
// Last, dist/ with an [lrs] in its settings sends the same statements
// standalone, naming the officer by an account, never an email.

import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { REFERENCE, ROOT, chooseByKeyboard, chooseByMouse, expectedScores, launch, plan, reportedScores } from './support.mjs';
import { cliReportOf, inFrame, overallPercent, playFirstOptions, unpack } from './lms/support.mjs';
import { startLauncher } from './lms/launcher.mjs';
import { createRalph } from './lms/ralph.mjs';

const CMI5 = 'https://w3id.org/xapi/cmi5/context/categories/cmi5';
const MOVEON = 'https://w3id.org/xapi/cmi5/context/categories/moveon';
const SESSION = 'https://w3id.org/xapi/cmi5/context/extensions/sessionid';
const MASTERY = 'https://w3id.org/xapi/cmi5/context/extensions/masteryscore';
const COMPETENCIES = 'urn:course-of-conduct:xapi:competency-scores';
const SCENARIO = 'what-the-victim-needs';
const verb = (s) => s.verb.id.split('/').pop();
const categories = (s) => (s.context?.contextActivities?.category ?? []).map((c) => c.id);

let browser;
let root;
let ralph;
let launcher;
let au;
before(async () => {
  browser = await launch();
  root = unpack();
  ralph = await createRalph();
  await ralph.start();
  launcher = await startLauncher({
    packages: root,
    dist: `${ROOT}dist`,
    ralph,
    settings: (base) => `[force]\n\n[lrs]\nendpoint = "${base}xapi/"\nusername = "${ralph.user}"\npassword = "${ralph.password}"\nhomepage = "https://intranet.force.example"\n`,
  });
  const course = readFileSync(`${root}/supporting-cmi5/cmi5.xml`, 'utf8');
  au = { id: /<au id="([^"]+)"/.exec(course)[1], mastery: Number(/masteryScore="([^"]+)"/.exec(course)[1]) };
});
after(async () => {
  await browser.close();
  launcher?.server.close();
  await ralph?.stop();
  rmSync(root, { recursive: true, force: true });
});

async function open(url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForFunction(() => {
    const h1 = document.querySelector('main h1');
    return h1 && !h1.textContent.startsWith('Loading');
  });
  return { context, page, errors, view: inFrame(page, page.mainFrame()) };
}

async function toReport(page) {
  await page.click('a:has-text("See your report")');
  await page.waitForFunction(() => document.querySelector('main h1')?.textContent.startsWith('Your report'));
}

const reached = (page, timeout = 30000) => page.waitForFunction(
  () => /has reached your force's training records/.test(document.getElementById('records-status')?.textContent ?? ''),
  null,
  { timeout },
);

/** The AU's statements of a registration, in timestamp order, and the LMS's. */
async function statementsOf(registration) {
  const all = await ralph.statements(registration);
  const ordered = [...all].sort((a, b) => a.timestamp.localeCompare(b.timestamp));
  return { lms: ordered.filter((s) => verb(s) === 'launched'), au: ordered.filter((s) => verb(s) !== 'launched'), all };
}

/** Every cmi5 rule the AU's statements must keep, and the scores against the report. */
function checkCmi5(au, launched, report, { mastery, activityId }) {
  const verbs = au.map(verb);
  const decisions = report.decisions.length;
  assert.deepEqual(verbs, ['initialized', ...Array(decisions).fill('answered'), 'completed', report.verdict === 'competent' && overallPercent(report) >= mastery * 100 ? 'passed' : 'failed', 'terminated']);
  assert.equal(new Set(au.map((s) => s.id)).size, au.length, 'each statement once');
  for (const s of au) {
    assert.match(s.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'a client-made UUID');
    assert.deepEqual(s.actor.account, launched.actor.account);
    assert.equal(s.context.registration, launched.context.registration);
    assert.equal(s.context.extensions[SESSION], launched.context.extensions[SESSION]);
    assert.equal(s.context.contextActivities.grouping[0].id, activityId);
    assert.ok(s.timestamp >= launched.timestamp, 'after launched');
    const defined = verb(s) !== 'answered';
    assert.equal(categories(s).includes(CMI5), defined, `${verb(s)}: the cmi5 category only on cmi5-defined statements`);
    const moveon = ['completed', 'passed', 'failed'].includes(verb(s));
    assert.equal(categories(s).includes(MOVEON), moveon, `${verb(s)}: moveon category`);
    if (defined) assert.equal(s.object.id, activityId);
  }
  for (const [i, d] of report.decisions.entries()) {
    const answered = au[1 + i];
    assert.equal(answered.object.definition.interactionType, 'choice');
    assert.equal(answered.context.contextActivities.parent[0].id, activityId);
    assert.equal(answered.result.response, d.chosen.map((c) => c.option_id).join('[,]'));
    assert.equal(answered.result.score, undefined);
  }
  const completed = au[decisions + 1];
  assert.equal(completed.result.completion, true);
  assert.equal(completed.result.success, undefined);
  assert.match(completed.result.duration, /^PT/);
  const judged = au[decisions + 2];
  const overall = overallPercent(report);
  assert.equal(judged.result.success, verb(judged) === 'passed');
  assert.equal(judged.result.completion, undefined);
  assert.equal(judged.context.extensions[MASTERY], mastery);
  if (judged.result.score) assert.equal(judged.result.score.scaled, overall / 100);
  else assert.ok(overall >= mastery * 100, 'a failed score is left out only when it reached the mastery score');
  const byCompetency = Object.fromEntries(report.competencies.filter((c) => c.percent !== null).map((c) => [c.id, c.percent]));
  assert.deepEqual(judged.result.extensions[COMPETENCIES], byCompetency);
  assert.match(au[au.length - 1].result.duration, /^PT/);
}

test('cmi5: a launch sends initialized, an answer per decision, completed, passed or failed and terminated, by the rules', async () => {
  const launched = await launcher.launch({ pkg: 'supporting-cmi5', activityId: au.id, masteryScore: au.mastery, hash: `#/play/${SCENARIO}?seed=8&mode=training` });
  const { context, page, view, errors } = await open(launched.url);
  const choices = await playFirstOptions(view, page, chooseByMouse);
  await toReport(page);
  const report = cliReportOf(SCENARIO, { seed: 8, mode: 'training', choices });
  assert.deepEqual(await reportedScores(page), expectedScores(report));
  await reached(page);
  // Finishing ends the session and returns to the LMS.
  await page.click('button:has-text("Finish and return")');
  await page.waitForURL(`${launcher.base}return`);
  const { lms, au: sent } = await statementsOf(launched.registration);
  assert.equal(lms.length, 1);
  checkCmi5(sent, lms[0], report, { mastery: au.mastery, activityId: au.id });
  assert.equal(launcher.state.fetches.get(launched.session), 1, 'the token is fetched once');
  console.log(`statements in one cmi5 run: ${sent.length} (initialized, ${report.decisions.length} answered, completed, ${verb(sent[sent.length - 2])}, terminated)`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('cmi5 Browse mode: initialized and terminated only, no result', async () => {
  const launched = await launcher.launch({ pkg: 'supporting-cmi5', activityId: au.id, launchMode: 'Browse', hash: `#/play/${SCENARIO}?seed=9&mode=training` });
  const { context, page, view } = await open(launched.url);
  await playFirstOptions(view, page, chooseByMouse);
  await toReport(page);
  await page.click('button:has-text("Finish and return")');
  await page.waitForURL(`${launcher.base}return`);
  const { au: sent } = await statementsOf(launched.registration);
  assert.deepEqual(sent.map(verb), ['initialized', 'terminated']);
  await context.close();
});

test('the LRS stops mid-run and starts again: every statement arrives exactly once', async () => {
  const launched = await launcher.launch({ pkg: 'supporting-cmi5', activityId: au.id, masteryScore: au.mastery, hash: `#/play/${SCENARIO}?seed=10&mode=training` });
  const { context, page, view, errors } = await open(launched.url);
  // The first answer's reply is lost on the way back: the app sends it again and Ralph's 409 means it has it.
  launcher.state.loseNext = 1;
  const before = await playFirstOptions(view, page, chooseByMouse, { stopAfter: 3 });
  await ralph.stop();
  const rest = await playFirstOptions(view, page, chooseByMouse);
  await toReport(page);
  const waiting = await page.locator('#records-status').innerText();
  assert.match(waiting, /has not reached your force's training records yet/);
  await ralph.start();
  await reached(page, 60000);
  await page.click('button:has-text("Finish and return")');
  await page.waitForURL(`${launcher.base}return`);
  const report = cliReportOf(SCENARIO, { seed: 10, mode: 'training', choices: [...before, ...rest] });
  const { lms, au: sent, all } = await statementsOf(launched.registration);
  assert.equal(new Set(all.map((s) => s.id)).size, all.length);
  checkCmi5(sent, lms[0], report, { mastery: au.mastery, activityId: au.id });
  console.log(`LRS stopped after 3 steps and started again: ${sent.length} statements sent, ${sent.length} stored, none twice (${launcher.state.statements} posts in all, the retries included)`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('standalone: with an [lrs] in settings.toml the app sends the same statements, naming the officer by an account', async () => {
  const { context, page, view, errors } = await open(`${launcher.base}dist/#/record`);
  await page.fill('#officer-name', 'PC 4127');
  await page.click('button:has-text("Save")');
  const run = plan(`${REFERENCE}-expert`);
  await page.goto(`${launcher.base}dist/#/play/${REFERENCE}?seed=${run.seed}&mode=${run.mode}`);
  // A new visit: the name saved earlier must still reach the LRS.
  await page.reload();
  await page.waitForSelector('main h1');
  for (const choice of run.choices) await chooseByKeyboard(view, choice);
  await toReport(page);
  await reached(page);
  const report = cliReportOf(REFERENCE, run);
  const agent = encodeURIComponent(JSON.stringify({ objectType: 'Agent', account: { homePage: 'https://intranet.force.example', name: 'PC 4127' } }));
  const answer = await fetch(`http://127.0.0.1:${ralph.port}/xAPI/statements?agent=${agent}&limit=500`, { headers: { Authorization: `Basic ${Buffer.from(`${ralph.user}:${ralph.password}`).toString('base64')}`, 'X-Experience-API-Version': '1.0.3' } });
  const sent = (await answer.json()).statements.sort((a, b) => a.timestamp.localeCompare(b.timestamp));
  const overall = overallPercent(report);
  assert.deepEqual(sent.map(verb), ['initialized', ...Array(report.decisions.length).fill('answered'), 'completed', report.verdict === 'competent' && overall >= report.pass_mark ? 'passed' : 'failed', 'terminated']);
  for (const s of sent) {
    assert.equal(s.actor.mbox, undefined, 'never an email address');
    assert.deepEqual(s.actor.account, { homePage: 'https://intranet.force.example', name: 'PC 4127' });
    assert.deepEqual(categories(s), [], 'no cmi5 categories outside cmi5');
  }
  assert.equal(sent[0].object.id, `https://intranet.force.example/course-of-conduct/scenarios/${REFERENCE}`);
  const judged = sent[sent.length - 2];
  if (judged.result.score) assert.equal(judged.result.score.scaled, overall / 100);
  assert.deepEqual(errors, []);
  await context.close();
});
