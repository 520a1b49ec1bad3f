// The trainers' workshop (dist/workshop/) in headless Chromium, with real
// files as fixtures: a broken file's errors at their lines and columns,
// each taking the trainer there; typing the fix clears them and draws the
// map, a box per scene; a play-test from a middle scene to the report with
// the state in view; downloads identical to what was typed; axe-core on
// every state, reflow at 320 px and 200% zoom, keyboard alone; and nothing
// leaves the origin or breaks the CSP.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  BASE_URL, ORIGIN, ROOT, axe, cspViolations, fillableQuota, launch, open, tabTo,
} from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

const WORKSHOP = 'workshop/';
const BROKEN = `${ROOT}tests/fixtures/broken/`;
const MINI = `${ROOT}tests/fixtures/valid/mini.toml`;
const STARTER = readFileSync(`${ROOT}src/core/starter.toml`, 'utf8');

async function openWorkshop(options = {}) {
  const opened = await open(browser, { hash: WORKSHOP, ...options });
  await opened.page.waitForSelector('#open-file');
  return opened;
}

/** Switches to the text view, where the file is edited as TOML. */
async function showText(page) {
  await page.click('#view-text');
  await page.waitForSelector('#scenario-text', { state: 'visible' });
}

/** Opens a file from disk through the file input, as a trainer would. */
async function openFile(page, path) {
  await page.setInputFiles('#open-file', path);
  await page.waitForFunction(
    (name) => document.querySelector('#opened-note')?.textContent.startsWith(`Opened ${name}:`),
    basename(path),
  );
}

/** A fixture's `# expect:` lines: root causes, and (`caused: `) the problems each causes. */
function expectations(text) {
  return [...text.matchAll(/^# expect: (  caused: )?(\d+):(\d+): (error|warning)\[([\w-]+)\]: (.+)$/gm)].map((m) => ({
    caused: Boolean(m[1]), line: Number(m[2]), column: Number(m[3]), severity: m[4], code: m[5], message: m[6],
  }));
}

const problemTexts = (page) => page.locator('.problems__list > li').evaluateAll((items) => items.map((li) => li.textContent));
const status = (page) => page.locator('#problems-status').textContent();
const waitForClean = (page) => page.waitForFunction(() => /passes every check/.test(document.querySelector('#problems-status')?.textContent ?? ''));

/** Where the cursor is in the focused element: line and column (in characters), and what is selected. */
const caret = (page) => page.evaluate(() => {
  const area = document.activeElement;
  if (area?.tagName !== 'TEXTAREA') return { id: area?.id ?? null };
  const lines = area.value.slice(0, area.selectionStart).split('\n');
  return {
    id: area.id,
    line: lines.length,
    column: [...lines.at(-1)].length + 1,
    selected: area.value.slice(area.selectionStart, area.selectionEnd),
  };
});

/** The value beside a key in the play-test's state panel. */
const stateOf = (page, key) => page.evaluate((k) => {
  const row = [...document.querySelectorAll('.state .summary-list__row')].find((r) => r.querySelector('dt').textContent === k);
  return row.querySelector('dd').textContent;
}, key);

const pointsSoFar = (page) => page.evaluate(() => Object.fromEntries(
  [...document.querySelectorAll('.state__points tbody tr')].map((r) => [r.querySelector('th').textContent, [...r.querySelectorAll('td')].map((d) => Number(d.textContent))]),
));

async function choose(page, ids) {
  const before = await page.locator('#playtest-scene').textContent();
  if (ids === 'continue') {
    await page.click('#continue-button');
  } else {
    for (const id of ids) await page.click(`label[for="option-${id}"]`);
    await page.click('button:has-text("Confirm decision")');
  }
  await page.waitForFunction((title) => {
    const h = document.querySelector('#playtest-scene');
    return h && h.textContent !== title && document.activeElement === h;
  }, before);
}

async function noTrouble(page, watch) {
  assert.deepEqual(watch.errors, [], 'no page errors');
  assert.deepEqual(await cspViolations(page), [], 'no CSP violations');
}

test('a broken file shows each error at its line and column, and each takes the trainer there', async () => {
  const { context, page, watch } = await openWorkshop();
  await showText(page);
  for (const name of ['unknown-target', 'flag-never-set', 'unreachable-scene', 'duplicate-scene', 'goto-typo-cascade']) {
    const path = `${BROKEN}${name}.toml`;
    const all = expectations(readFileSync(path, 'utf8'));
    const expected = all.filter((e) => !e.caused);
    assert.ok(expected.length >= 1, `${name} has expectations`);
    await openFile(page, path);
    const listed = await problemTexts(page);
    assert.equal(listed.length, expected.length, `${name}: ${listed.join('\n')}`);
    expected.forEach((e, i) => {
      const severity = e.severity === 'error' ? 'Error' : 'Warning';
      assert.ok(
        listed[i].startsWith(`Line ${e.line}, column ${e.column}: ${severity}: ${e.message} (${e.code})`),
        `${name}: ${listed[i]}\nshould name ${e.line}:${e.column} ${e.message}`,
      );
    });
    // The problems a mistake causes are folded under it, and counted.
    const folded = await page.locator('.problem__consequences li').evaluateAll((items) => items.map((li) => li.textContent));
    const caused = all.filter((e) => e.caused);
    assert.equal(folded.length, caused.length, `${name}: ${folded.join('\n')}`);
    caused.forEach((e, i) => assert.ok(folded[i].startsWith(`Line ${e.line}, column ${e.column}: `), `${name}: ${folded[i]}`));
    const errors = all.filter((e) => e.severity === 'error').length;
    assert.match(await status(page), new RegExp(`^${errors} error`));
    assert.match(await page.locator('[aria-live="polite"]').textContent(), new RegExp(`${errors} error`), 'the count is announced');

    // Each problem takes the trainer to its line and column: by mouse, then by keyboard.
    for (const [i, e] of expected.entries()) {
      const link = page.locator('.problems__list > li > a.problem__link').nth(i);
      if (i % 2 === 0) {
        await link.click();
      } else {
        await link.focus();
        await page.keyboard.press('Enter');
      }
      const at = await caret(page);
      assert.deepEqual([at.id, at.line, at.column], ['scenario-text', e.line, e.column], `${name}: problem ${i + 1}`);
    }
  }
  // The map is drawn even while there are errors, and the file cannot be played yet.
  assert.ok(await page.locator('g.map__node').count() > 0);
  assert.match(await page.locator('#playtest-title ~ p').first().textContent(), /needs a scenario with no errors/);
  await noTrouble(page, watch);
  await context.close();
});

test('typing the fix clears the errors and the map draws a box per scene', async () => {
  const { context, page, watch } = await openWorkshop();
  await showText(page);
  const path = `${BROKEN}unknown-target.toml`;
  const text = readFileSync(path, 'utf8');
  await openFile(page, path);
  await page.click('.problems__list a');
  assert.equal((await caret(page)).selected, '"advise"', 'the problem is selected');
  await page.keyboard.type('"advice"');
  await waitForClean(page);
  assert.equal(await page.locator('.problems__list').count(), 0);
  assert.match(await page.locator('[aria-live="polite"]').textContent(), /No problems found/);

  const ids = [...text.matchAll(/^\[\[scene\]\]\nid = "([\w-]+)"/gm)].map((m) => m[1]);
  assert.equal(ids.length, 7);
  const boxes = page.locator('g.map__node');
  assert.equal(await boxes.count(), ids.length, 'one box per scene');
  const named = await boxes.evaluateAll((gs) => gs.map((g) => [g.dataset.scene, g.getAttribute('aria-label')]));
  assert.deepEqual(named.map(([id]) => id).sort(), [...ids].sort());
  for (const [id, label] of named) assert.ok(label.includes(` ${id} `), `${id} is named: ${label}`);
  assert.match(named.find(([id]) => id === 'report')[1], /^The report report Decision · ★ 1 key action\. The start\. Leads to advice\. Opens the scene\.$/);
  // Marks are words in the box, not colour alone.
  const advice = boxes.filter({ hasText: 'advice' }).first();
  assert.match(await advice.textContent(), /Decision · ⚠ 1 critical · ★ 1 key action/);
  assert.match(await boxes.filter({ hasText: 'Order made' }).textContent(), /Ending/);
  assert.ok(await page.locator('polyline.map__edge--critical title').count() >= 1, 'critical edges are labelled');
  // Each competency's range beside the map.
  const ranges = await page.locator('.map-side tbody tr').evaluateAll((rows) => rows.map((r) => r.textContent));
  assert.ok(ranges.some((r) => /^Identifying stalking-12Yes$/.test(r)), ranges.join(' | '));

  // A box opens its scene in the editor.
  await boxes.filter({ hasText: 'Two weeks later' }).click();
  const at = await caret(page);
  const line = text.split('\n').findIndex((l) => l === 'id = "later"');
  assert.equal(at.id, 'scenario-text');
  assert.equal(at.line, line, 'the scene\'s [[scene]] line, just above its id');
  assert.equal(at.selected, '[[scene]]');
  await noTrouble(page, watch);
  await context.close();
});

test('every scenario in the library opens clean, with a box per scene and no boxes overlapping', async () => {
  const { context, page, watch } = await openWorkshop();
  const manifest = readFileSync(`${ROOT}scenarios/manifest.toml`, 'utf8');
  const ids = manifest.split('\n').filter((l) => l.startsWith('scenarios')).flatMap((l) => [...l.matchAll(/"([a-z0-9-]+)"/g)].map((m) => m[1]));
  assert.ok(ids.length > 5);
  for (const id of ids) {
    const path = `${ROOT}scenarios/${id}.toml`;
    const scenes = (readFileSync(path, 'utf8').match(/^\[\[scene\]\]$/gm) ?? []).length;
    await openFile(page, path);
    await waitForClean(page);
    const boxes = await page.locator('g.map__node rect.map__box').evaluateAll((rects) => rects.map((r) => {
      const b = r.getBBox();
      return [b.x, b.y, b.width, b.height];
    }));
    assert.equal(boxes.length, scenes, `${id}: a box per scene`);
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) {
        const apart = a[0] + a[2] <= b[0] || b[0] + b[2] <= a[0] || a[1] + a[3] <= b[1] || b[1] + b[3] <= a[1];
        assert.ok(apart, `${id}: boxes at ${a} and ${b} overlap`);
      }
    }
    assert.equal(await page.locator('#playtest-from option').count(), scenes, `${id}: every scene can start a play-test`);
  }
  await noTrouble(page, watch);
  await context.close();
});

test('play-testing from a middle scene shows the state changing and ends with the report', async () => {
  const { context, page, watch } = await openWorkshop();
  await showText(page);
  await openFile(page, MINI);
  await waitForClean(page);
  await page.selectOption('#playtest-from', 'advice');
  await page.fill('#playtest-seed', '1');
  await page.click('#playtest-start');
  await page.waitForFunction(() => document.activeElement?.id === 'playtest-scene');
  assert.equal(await page.locator('#playtest-scene').textContent(), 'Advice');
  assert.equal(await stateOf(page, 'Clock'), 'Day 1, 20:00');
  assert.equal(await stateOf(page, 'Flags'), 'None set');
  assert.equal(await page.locator('.state__points').count(), 0, 'no points yet');
  // Nothing was recorded before this scene, so the aside for an unrecorded case shows.
  assert.match(await page.locator('.playtest .narrative').textContent(), /The log shows a single offence/);

  await choose(page, ['diary', 'refer']);
  assert.equal(await page.locator('#playtest-scene').textContent(), 'Two weeks later');
  assert.equal(await page.locator('.playtest .feedback .feedback__item').count(), 2);
  assert.equal(await stateOf(page, 'Clock'), 'Day 15, 20:00');
  assert.equal(await stateOf(page, 'Time since the start'), '14d');
  assert.equal(await stateOf(page, 'Key actions taken'), 'referred');
  assert.deepEqual(await pointsSoFar(page), { 'Advising and referring the victim': [3, 3] });
  assert.match(await page.locator('[aria-live="polite"]').textContent(), /Time has moved on: it is now Day 15, 20:00/);

  await choose(page, 'continue');
  assert.equal(await page.locator('#playtest-scene').textContent(), 'Review');
  await choose(page, ['apply']);
  assert.equal(await page.locator('#playtest-scene').textContent(), 'Too slow');
  assert.equal(await stateOf(page, 'Marks'), 'applied: Day 15, 20:00');
  assert.deepEqual(await pointsSoFar(page), {
    'Advising and referring the victim': [3, 3],
    'Protective orders and breaches': [2, 2],
  });
  const report = page.locator('.playtest-report');
  assert.equal(await report.count(), 1, 'the report appears at the ending');
  assert.match(await report.locator('.panel').textContent(), /Result of this play-test: Competent/);
  assert.match(await report.textContent(), /Key actions missed\s*Recorded stalking/);

  // Again from the start: the first choice sets a flag, shown in the panel.
  await page.selectOption('#playtest-from', '');
  await page.click('#playtest-start');
  await page.waitForFunction(() => document.querySelector('#playtest-scene')?.textContent === 'The report');
  await choose(page, ['stalking']);
  assert.equal(await stateOf(page, 'Flags'), 'recorded');
  assert.doesNotMatch(await page.locator('.playtest .narrative').textContent(), /single offence/);

  // Editing while a play-test runs, even into an error, neither stops it nor takes the focus.
  await page.focus('#scenario-text');
  await page.keyboard.press('Control+End');
  await page.keyboard.type('oops = ');
  await page.waitForFunction(() => /^1 error/.test(document.querySelector('#problems-status')?.textContent ?? ''));
  assert.equal((await caret(page)).id, 'scenario-text', 'the focus stays in the editor');
  assert.equal(await page.locator('#playtest-scene').textContent(), 'Advice');
  assert.match(await page.locator('.playtest .inset').textContent(), /The file has changed since this play-test started/);
  assert.equal(await page.locator('#playtest-start').count(), 0, 'no new play-test until the error is fixed');
  await choose(page, ['diary']);
  assert.equal(await page.locator('#playtest-scene').textContent(), 'Two weeks later', 'the play-test goes on');
  await noTrouble(page, watch);
  await context.close();
});

test('the download is exactly what was typed, comments, layout and line endings included', async () => {
  const { context, page, watch } = await openWorkshop();
  await showText(page);
  await page.click('#start-template');
  await waitForClean(page);
  await page.focus('#scenario-text');
  await page.keyboard.press('Control+End');
  const typed = '\n# A note for the next trainer: check §4.2 with the SPOC   \n\n   # indented, with trailing spaces   ';
  await page.keyboard.type(typed);
  // At once, before the check has caught up: the file is the text as it is now.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-file')]);
  assert.equal(download.suggestedFilename(), 'my-scenario.toml');
  const bytes = readFileSync(await download.path());
  assert.ok(bytes.equals(Buffer.from(STARTER + typed, 'utf8')), 'the download is byte for byte what was typed');
  assert.equal(bytes.toString('utf8'), await page.inputValue('#scenario-text'));

  // A file written on Windows (byte-order mark, CRLF) goes back as it came.
  const dir = mkdtempSync(join(tmpdir(), 'workshop-'));
  const windows = join(dir, 'mini.toml');
  const original = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(readFileSync(MINI, 'utf8').replace(/\n/g, '\r\n'), 'utf8')]);
  writeFileSync(windows, original);
  await openFile(page, windows);
  await waitForClean(page);
  const [again] = await Promise.all([page.waitForEvent('download'), page.click('#download-file')]);
  assert.equal(again.suggestedFilename(), 'mini.toml');
  assert.ok(readFileSync(await again.path()).equals(original), 'byte for byte, with its BOM and CRLF');

  // Opening a file replaced the template, which can be brought back.
  await page.click('button:has-text("Bring back the text that was replaced")');
  await page.waitForFunction((text) => document.querySelector('#scenario-text').value === text, STARTER + typed);

  // Notepad's "ANSI": read as Windows-1252, said so, and saved back as UTF-8.
  const ansi = join(dir, 'mini-ansi.toml');
  const text = readFileSync(MINI, 'utf8');
  writeFileSync(ansi, Buffer.from([...text].map((c) => (c === '§' ? 0xa7 : c.charCodeAt(0)))));
  await openFile(page, ansi);
  assert.match(await page.locator('#opened-note').textContent(), /saved as Windows-1252 .*downloading it saves it as UTF-8/);
  await waitForClean(page);
  const [converted] = await Promise.all([page.waitForEvent('download'), page.click('#download-file')]);
  assert.ok(readFileSync(await converted.path()).equals(Buffer.from(text, 'utf8')), 'the download is UTF-8');
  await noTrouble(page, watch);
  await context.close();
});

test('the draft is kept in this browser across a reload, and a full quota is reported', async () => {
  const { context, page, watch } = await openWorkshop({ init: fillableQuota });
  await showText(page);
  await openFile(page, `${BROKEN}unknown-target.toml`);
  await page.click('.problems__list a');
  await page.keyboard.type('"advice"');
  await waitForClean(page);
  const typed = await page.inputValue('#scenario-text');

  await page.reload();
  await page.waitForSelector('#open-file');
  await waitForClean(page);
  assert.equal(await page.inputValue('#scenario-text'), typed, 'the draft came back as typed');
  assert.match(await page.locator('#opened-note').textContent(), /Brought back your draft of unknown-target\.toml/);
  assert.equal(await page.locator('g.map__node').count(), 7);
  await showText(page);

  await page.evaluate(() => { window.name = 'full'; });
  await page.focus('#scenario-text');
  await page.keyboard.press('Control+End');
  await page.keyboard.type('# more');
  await page.waitForSelector('.notification--alert');
  assert.match(await page.locator('.notification--alert').textContent(), /not being kept in this browser.*storage for the app is full/);
  await clean(page, 'the warning that the draft is not kept');
  // Everything else carries on, and the download still has every keystroke.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-file')]);
  assert.equal(readFileSync(await download.path(), 'utf8'), `${typed}# more`);

  await page.evaluate(() => { window.name = ''; });
  await page.click('button:has-text("Clear the editor and the kept draft")');
  assert.equal(await page.inputValue('#scenario-text'), '');
  assert.equal(await page.evaluate(() => localStorage.getItem('course-of-conduct.workshop-draft')), null);
  assert.equal(await page.locator('.notification--alert').count(), 0, 'the warning goes once storing works again');
  await noTrouble(page, watch);
  await context.close();
});

async function clean(page, view) {
  assert.deepEqual(await axe(page), [], `axe violations on ${view}`);
  assert.equal(await page.locator('h1').count(), 1, `one h1 on ${view}`);
  for (const landmark of ['header', 'main', 'footer', 'nav']) {
    assert.equal(await page.locator(landmark).count(), 1, `a ${landmark} on ${view}`);
  }
}

test('every state of the workshop passes axe-core', async () => {
  const { context, page, watch } = await openWorkshop();
  await clean(page, 'the empty workshop, its forms open on the details');
  await page.fill('#f-title', 'A title');
  await page.keyboard.press('Tab');
  await page.waitForSelector('.forms__panel .error-summary');
  await clean(page, 'the details form, its missing fields named on them and in the summary');
  await openFile(page, `${BROKEN}flag-never-set.toml`);
  await clean(page, 'the forms with an error and a warning');
  for (const [box, view] of [[0, 'a scene with a decision, its options and routes'], [1, 'a second scene']]) {
    await page.click(`#map-node-${box}`);
    await page.waitForFunction(() => document.activeElement?.id === 'panel-heading');
    await clean(page, view);
  }
  await page.click('#forms-cast');
  await clean(page, 'the cast');
  await page.click('#forms-key-actions');
  await clean(page, 'the key actions');
  await page.click('#scene-add-summary');
  await clean(page, 'adding a scene');
  await page.click('#view-text');
  await clean(page, 'the text view with an error and a warning');
  await openFile(page, `${BROKEN}toml-syntax.toml`);
  await page.click('#view-forms');
  await page.waitForSelector('#forms-waiting');
  await clean(page, 'the forms waiting for a syntax error to be fixed');
  await openFile(page, MINI);
  await waitForClean(page);
  const ending = await page.locator('g.map__node.map__node--ending').first().getAttribute('id');
  await page.click(`#${ending}`);
  await clean(page, 'an ending with its notes');
  await page.locator('g.map__node').first().focus();
  await clean(page, 'the map, with a box focused');
  // The endings table is beside the full map, in the text view (the forms show a compact map).
  await page.click('#view-text');
  await page.click('#work-out-endings');
  await page.waitForSelector('#endings-table');
  assert.equal(await page.locator('#endings-table tbody tr').count(), 7, 'a row per option');
  assert.deepEqual(
    await page.locator('#endings-table tbody tr').first().locator('th, td').allTextContents(),
    ['report: stalking', 'No', 'Yes'],
    'recording stalking leads to the late ending only, as every run shows',
  );
  await clean(page, 'the endings table beside the map');
  await page.click('#playtest-start');
  await page.waitForSelector('#playtest-scene');
  await page.locator('.playtest details.exhibit summary').first().click();
  await clean(page, 'a play-test scene with an open exhibit');
  await page.click('button:has-text("Confirm decision")');
  await page.waitForSelector('.playtest .error-message');
  await clean(page, 'a decision confirmed with nothing chosen');
  await choose(page, ['malcomms']);
  await choose(page, ['block']);
  assert.equal(await page.locator('.playtest .feedback__item--critical').count(), 1);
  await clean(page, 'feedback on a critical error');
  await choose(page, 'continue');
  await choose(page, ['wait']);
  await page.waitForSelector('.playtest-report');
  assert.match(await page.locator('.playtest-report').textContent(), /Critical errors \(1\)/);
  await clean(page, 'the ending and the play-test report');
  await noTrouble(page, watch);
  await context.close();
});

test('the workshop reflows at 320px wide and at 200% zoom; the map scrolls inside its region', async () => {
  for (const [viewport, scale] of [[{ width: 320, height: 640 }, 1], [{ width: 640, height: 450 }, 2]]) {
    const context = await browser.newContext({ viewport, deviceScaleFactor: scale });
    const page = await context.newPage();
    await page.goto(`${BASE_URL}${WORKSHOP}`);
    await page.waitForSelector('#open-file');
    const fits = async (view) => {
      const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      assert.ok(scroll <= width, `${view} fits ${width}px without scrolling sideways (${scroll}px)`);
    };
    await fits('the empty workshop');
    await openFile(page, `${BROKEN}flag-never-set.toml`);
    await fits('problems');
    await openFile(page, MINI);
    await waitForClean(page);
    await fits('the map');
    await page.click('#map-node-0');
    await fits('a scene form beside the map');
    const region = await page.locator('.map').evaluate((m) => [m.scrollWidth > m.clientWidth, m.getAttribute('tabindex'), m.getAttribute('aria-label')]);
    if (viewport.width === 320) assert.equal(region[0], true, 'the map scrolls inside its region');
    assert.equal(region[1], '0', 'the region is focusable, so it scrolls by keyboard');
    assert.match(region[2], /^Map of /);
    await page.click('#playtest-start');
    await page.waitForSelector('#playtest-scene');
    await fits('a play-test');
    await context.close();
  }
});

test('by keyboard alone: the template, the text view, the map, a scene box, and focus lands in the editor at the scene', async () => {
  const { context, page, watch } = await openWorkshop();
  await tabTo(page, () => document.activeElement?.id === 'start-template');
  await page.keyboard.press('Enter');
  // The tabs: Tab reaches the selected one, an arrow key moves to the other.
  await tabTo(page, () => document.activeElement?.id === 'view-forms');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'view-text');
  assert.equal(await page.getAttribute('#view-text', 'aria-selected'), 'true');
  await waitForClean(page);
  const lines = STARTER.split('\n');
  const sceneLine = (id) => lines.findIndex((l) => l === `id = "${id}"`);
  const ids = [...STARTER.matchAll(/^\[\[scene\]\]\nid = "([\w-]+)"/gm)].map((m) => m[1]);
  assert.ok(ids.length >= 2);

  // Tab passes through the editor (Tab never gets stuck in it) to the map's first box.
  await tabTo(page, () => document.activeElement?.classList.contains('map__node'));
  const [first, firstId] = await page.evaluate(() => [document.activeElement.getAttribute('aria-label'), document.activeElement.dataset.scene]);
  assert.match(first, /Opens the scene\.$/);
  await page.keyboard.press('Enter');
  let at = await caret(page);
  assert.deepEqual([at.id, at.line], ['scenario-text', sceneLine(firstId)], 'Enter opens the scene in the editor');

  // Back to the map, to another box, opened with Space.
  const other = ids.find((id) => id !== firstId);
  await tabTo(page, (id) => document.activeElement?.dataset?.scene === id, other);
  await page.keyboard.press(' ');
  at = await caret(page);
  assert.deepEqual([at.id, at.line], ['scenario-text', sceneLine(other)], 'Space opens it too');

  // The focused box is visibly marked.
  await tabTo(page, () => document.activeElement?.classList.contains('map__node'));
  const ring = await page.evaluate(() => getComputedStyle(document.activeElement.querySelector('.map__focus')).fill);
  assert.equal(ring, 'rgb(255, 221, 0)', 'a yellow focus ring');
  await noTrouble(page, watch);
  await context.close();
});

test('the workshop asks only its own origin for the framework files, under the strict CSP', async () => {
  const response = await fetch(`${BASE_URL}${WORKSHOP}`);
  const html = await response.text();
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script');
  assert.doesNotMatch(html, /\sstyle=/, 'no inline style');

  const { context, page, watch } = await openWorkshop();
  // Markup in a file stays text, in the map and in the play-test.
  const attack = '<img src=x onerror=window.__ran=1><script>window.__ran=2</script>';
  const dir = mkdtempSync(join(tmpdir(), 'workshop-'));
  const hostile = join(dir, 'mini.toml');
  writeFileSync(hostile, readFileSync(MINI, 'utf8').replace('title = "The report"', `title = "${attack.replace(/"/g, '\\"')}"`));
  await openFile(page, hostile);
  await waitForClean(page);
  await page.click('#playtest-start');
  await page.waitForSelector('#playtest-scene');
  assert.equal(await page.locator('#playtest-scene').textContent(), attack);
  assert.ok((await page.locator('g.map__node').first().getAttribute('aria-label')).startsWith(attack));
  assert.equal(await page.locator('main img, main script').count(), 0);
  assert.equal(await page.evaluate(() => window.__ran), undefined);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-file')]);
  await download.path();

  const elsewhere = watch.requests.filter((url) => !url.startsWith(`${ORIGIN}/`) && !url.startsWith('blob:'));
  assert.deepEqual(elsewhere, [], 'every request stays on the origin');
  const data = watch.requests.filter((url) => url.endsWith('.toml')).map((url) => url.slice(BASE_URL.length)).sort();
  // The framework files, and the manifest for the LMS package form's modules.
  assert.deepEqual(data, ['scenarios/competencies.toml', 'scenarios/guidance.toml', 'scenarios/manifest.toml', 'scenarios/patterns.toml', 'scenarios/practices.toml', 'scenarios/settings.toml']);
  assert.ok(!watch.requests.some((url) => /\/app-[0-9a-f]+(_bg\.wasm|\.js)$/.test(url)), 'none of the officer\'s app is loaded');
  assert.deepEqual(watch.console.filter((m) => /Content Security Policy|Refused to/i.test(m.text)), []);
  assert.equal(await page.locator('[style]').count(), 0, 'no inline style attributes in the DOM');
  await noTrouble(page, watch);
  await context.close();
});

test('the home page links to the workshop, and the workshop links back', async () => {
  const { context, page, watch } = await open(browser);
  const link = page.locator('a', { hasText: 'Trainers\' workshop' });
  assert.equal(await link.getAttribute('href'), 'workshop/');
  await link.click();
  await page.waitForSelector('#open-file');
  assert.equal(page.url(), `${BASE_URL}${WORKSHOP}`);
  assert.equal(await page.title(), 'Trainers\' workshop – Course of Conduct');
  await page.click('nav a:has-text("Scenarios")');
  await page.waitForFunction(() => document.querySelector('main h1')?.textContent === 'Stalking response training');
  await noTrouble(page, watch);
  await context.close();
});

test('the officer\'s first load never fetches the workshop', async () => {
  const { context, page, watch } = await open(browser);
  assert.ok(watch.requests.length > 5);
  assert.deepEqual(watch.requests.filter((url) => url.includes('/workshop')), []);
  await noTrouble(page, watch);
  await context.close();
});
