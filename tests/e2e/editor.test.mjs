// The workshop's structured editor in headless Chromium, by keyboard alone:
// AUTHORING.md's worked example built from an empty workshop with the forms
// (every field found with Tab, every choice made with arrow keys, every
// button pressed with Enter), downloaded, checked clean by the CLI, and
// compared with the guide's file value for value and run for run; then a
// library scenario changed in three places by form, whose download differs
// from the original in those three lines only, comments and all.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'smol-toml';
import { ROOT, axe, cspViolations, launch, open } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

const WORKSHOP = 'workshop/';

/** The worked example as the guide prints it. */
function workedExample() {
  const guide = readFileSync(`${ROOT}AUTHORING.md`, 'utf8');
  const section = guide.split('## The complete worked example')[1].split('\n## ')[0];
  return `${section.split('```toml\n')[1].split('\n```')[0]}\n`;
}

const COMPETENCIES = parse(readFileSync(`${ROOT}scenarios/competencies.toml`, 'utf8')).competency.map((c) => c.id);

/** The id the workshop gives a field: `f`, the path, and the key, joined by `-`. */
const fid = (path, key) => ['f', ...path, ...(key === undefined ? [] : [key])]
  .map((part) => String(part).replace(/[^A-Za-z0-9]/g, '_')).join('-');

// ---------------------------------------------------------------- the keyboard

let keys = 0;

async function press(page, key) {
  keys += 1;
  await page.keyboard.press(key);
}

/** Tab (or Shift+Tab) until the element with this id has the focus. */
async function goTo(page, id) {
  for (let i = 0; i < 600; i += 1) {
    const where = await page.evaluate((target) => {
      const element = document.getElementById(target);
      if (!element) return 'missing';
      const active = document.activeElement;
      if (active === element) return 'here';
      if (!active || active === document.body) return 'after';
      // eslint-disable-next-line no-bitwise
      return active.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING ? 'after' : 'before';
    }, id);
    if (where === 'here') return;
    if (where === 'missing') {
      await page.waitForTimeout(50);
      if (i > 40) throw new Error(`there is no #${id} on the page`);
      continue;
    }
    await press(page, where === 'after' ? 'Tab' : 'Shift+Tab');
  }
  throw new Error(`Tab never reached #${id}`);
}

/** Types into a box, replacing what it held, then moves on (the file takes it). */
async function fill(page, id, text) {
  await goTo(page, id);
  await press(page, 'Control+A');
  if (text === '') await press(page, 'Delete');
  else {
    keys += text.length;
    await page.keyboard.type(text);
  }
  await press(page, 'Tab');
}

/** Chooses in a `<select>` with the arrow keys. */
async function choose(page, id, value) {
  await goTo(page, id);
  for (let i = 0; i < 400; i += 1) {
    const [current, target] = await page.evaluate(([selectId, wanted]) => {
      const select = document.getElementById(selectId);
      return [select.selectedIndex, [...select.options].findIndex((o) => o.value === wanted)];
    }, [id, value]);
    if (target < 0) throw new Error(`#${id} has no choice ${value}`);
    if (current === target) return;
    await press(page, current < target ? 'ArrowDown' : 'ArrowUp');
  }
  throw new Error(`could not choose ${value} in #${id}`);
}

/** Checks the radio with this value in the group whose first radio has `id`. */
async function radio(page, id, value) {
  await goTo(page, id);
  for (let i = 0; i < 10; i += 1) {
    const state = await page.evaluate((wanted) => {
      const active = document.activeElement;
      return { value: active.value, checked: active.checked, wanted };
    }, value);
    if (state.value === value) {
      if (!state.checked) await press(page, 'Space');
      return;
    }
    await press(page, 'ArrowDown');
  }
  throw new Error(`no radio ${value} after #${id}`);
}

async function activate(page, id) {
  await goTo(page, id);
  await press(page, 'Enter');
}

/** Opens a `<details>` by its summary. */
async function disclose(page, id) {
  await goTo(page, id);
  if (!(await page.evaluate((s) => document.getElementById(s).parentElement.open, id))) await press(page, 'Enter');
}

/** Waits for the file to settle after a change. */
const text = (page) => page.inputValue('#scenario-text');

// ---------------------------------------------------------------- the parts

function citeParts(cite) {
  return cite.split(';').map((p) => p.trim()).filter(Boolean).map((part) => {
    const m = /^(.*?)(?: \((.*)\))?$/.exec(part);
    return { section: m[1], note: m[2] ?? '' };
  });
}

async function addCites(page, path, cite) {
  const id = fid(path, 'cite');
  for (const { section, note } of citeParts(cite)) {
    await fill(page, `${id}-find`, section);
    await choose(page, `${id}-section`, section);
    await fill(page, `${id}-new-note`, note);
    await activate(page, `${id}-add`);
  }
}

const CONDITION_KINDS = [
  [/^not done (\S+)$/, 'not-done'], [/^done (\S+)$/, 'done'], [/^elapsed (\S+) (\S+)$/, 'elapsed'],
  [/^since (\S+) (\S+) (\S+)$/, 'since'], [/^not (\S+)$/, 'not-flag'], [/^(\S+) (\S+) (\S+)$/, 'counter'], [/^(\S+)$/, 'flag'],
];

async function addCondition(page, path, condition) {
  const id = `${fid(path, 'when')}-new`;
  const [pattern, kind] = CONDITION_KINDS.find(([p]) => p.test(condition));
  const m = pattern.exec(condition);
  await choose(page, `${id}-kind`, kind);
  if (kind === 'elapsed') {
    await choose(page, `${id}-compare`, m[1]);
    await fill(page, `${id}-value`, m[2]);
  } else if (kind === 'since' || kind === 'counter') {
    await choose(page, `${id}-name`, m[1]);
    await choose(page, `${id}-compare`, m[2]);
    await fill(page, `${id}-value`, m[3]);
  } else {
    await choose(page, `${id}-name`, m[1]);
  }
  await activate(page, `${id}-add`);
}

async function addClaim(page, path, claim) {
  const id = fid(path, 'claims');
  const not = claim.startsWith('not ');
  await choose(page, `${id}-did`, not ? 'not' : '');
  await choose(page, `${id}-which`, not ? claim.slice(4) : claim);
  await activate(page, `${id}-add`);
}

async function addNames(page, path, key, names) {
  const id = fid(path, key);
  for (const name of names ?? []) {
    await fill(page, `${id}-new`, name);
    await activate(page, `${id}-add`);
  }
}

/** Where something leads: a scene chosen from the list, or one made here. */
async function destination(page, path, key, target, scenes, guide) {
  const id = fid(path, key);
  if (scenes.includes(target)) {
    await choose(page, id, target);
    return;
  }
  const made = guide.scene.find((s) => s.id === target);
  await disclose(page, `${id}-new`);
  await fill(page, `${id}-new-title`, made.title);
  await fill(page, `${id}-new-id`, target);
  await activate(page, `${id}-create`);
  scenes.push(target);
}

/** A text typed in, with a placeholder from the menu where the guide has `{victim.first}` first. */
async function story(page, id, value, useMenu = false) {
  const at = value.indexOf('{victim.first}');
  if (!useMenu || at < 0) {
    await fill(page, id, value);
    return;
  }
  await goTo(page, id);
  await press(page, 'Control+A');
  keys += at;
  await page.keyboard.type(value.slice(0, at));
  await choose(page, `${id}-placeholder`, '{victim.first}');
  await press(page, 'Tab');
  await press(page, 'Enter'); // Insert: the text goes back in the box, cursor after it
  const rest = value.slice(at + '{victim.first}'.length);
  keys += rest.length;
  await page.keyboard.type(rest);
  await press(page, 'Tab');
}

/** Opens a scene with the map: Tab to a box, arrow keys to the scene, Enter. */
async function openScene(page, id) {
  await goTo(page, 'map-node-0');
  for (let i = 0; i < 40; i += 1) {
    const step = await page.evaluate((target) => {
      const active = document.activeElement;
      const goal = document.querySelector(`g.map__node[data-scene="${target}"]`);
      if (active === goal) return 'here';
      const a = active.getBoundingClientRect();
      const b = goal.getBoundingClientRect();
      const [dx, dy] = [b.x + b.width / 2 - (a.x + a.width / 2), b.y + b.height / 2 - (a.y + a.height / 2)];
      if (Math.abs(dy) > 5) return dy > 0 ? 'ArrowDown' : 'ArrowUp';
      return dx > 0 ? 'ArrowRight' : 'ArrowLeft';
    }, id);
    if (step === 'here') {
      await press(page, 'Enter');
      await page.waitForFunction(() => document.activeElement?.id === 'panel-heading');
      return;
    }
    await press(page, step);
  }
  const state = await page.evaluate((target) => ({
    active: document.activeElement?.id,
    boxes: [...document.querySelectorAll('g.map__node')].map((g) => g.dataset.scene),
    found: !!document.querySelector(`g.map__node[data-scene="${target}"]`),
    problems: document.querySelector('#problems-status')?.textContent,
    list: [...document.querySelectorAll('.problems__list li')].map((li) => li.textContent).slice(0, 5),
  }), id);
  throw new Error(`the arrow keys never reached ${id} on the map: ${JSON.stringify(state)}`);
}

async function buildOption(page, path, option, decisionPath, scenes, guide, single) {
  await fill(page, fid(path, 'text'), option.text);
  await fill(page, fid(path, 'id'), option.id);
  for (const condition of option.when ?? []) await addCondition(page, path, condition);
  if (single && option.goto) await destination(page, path, 'goto', option.goto, scenes, guide);
  for (const [competency, points] of Object.entries(option.points ?? {})) {
    const box = competency === COMPETENCIES[0] ? `${fid(path, 'points')}-first` : `${fid(path, 'points')}-${competency}`;
    await fill(page, box, String(points));
  }
  for (const practice of option.practices ?? []) {
    const id = fid(path, 'practices');
    await fill(page, `${id}-find`, practice);
    await choose(page, `${id}-choice`, practice);
    await activate(page, `${id}-add`);
  }
  if (option.critical) {
    await goTo(page, fid(path, 'critical'));
    await press(page, 'Space');
  }
  if (option.feedback) await fill(page, fid(path, 'feedback'), option.feedback);
  if (option.cite) await addCites(page, path, option.cite);
  for (const achieved of option.achieves ?? []) {
    const index = guide.key_action.findIndex((k) => k.id === achieved);
    await goTo(page, index === 0 ? `${fid(path, 'achieves')}-first` : `${fid(path, 'achieves')}-${index}`);
    await press(page, 'Space');
  }
  await addNames(page, path, 'set', option.set);
  if (option.advance) await fill(page, fid(path, 'advance'), option.advance);
  assert.ok(decisionPath);
}

async function buildScene(page, n, scene, scenes, guide) {
  const path = ['scene', n];
  await fill(page, fid(path, 'title'), scene.title);
  if (scene.advance) await fill(page, fid(path, 'advance'), scene.advance);
  await story(page, fid(path, 'text'), scene.text);
  for (const [a, aside] of (scene.aside ?? []).entries()) {
    await activate(page, `${fid([...path, 'aside'])}-add`);
    const at = [...path, 'aside', a];
    for (const condition of aside.when ?? []) await addCondition(page, at, condition);
    await fill(page, fid(at, 'text'), aside.text);
  }
  for (const [e, exhibit] of (scene.exhibit ?? []).entries()) {
    await activate(page, `${fid([...path, 'exhibit'])}-add`);
    const at = [...path, 'exhibit', e];
    await fill(page, fid(at, 'id'), exhibit.id);
    await choose(page, fid(at, 'kind'), exhibit.kind);
    await fill(page, fid(at, 'title'), exhibit.title);
    if (exhibit.text) await fill(page, fid(at, 'text'), exhibit.text);
    for (const [r, entry] of (exhibit.entry ?? []).entries()) {
      await activate(page, `${fid([...at, 'entry'])}-add`);
      const row = [...at, 'entry', r];
      if (entry.at) await fill(page, fid(row, 'at'), entry.at);
      if (entry.from) await fill(page, fid(row, 'from'), entry.from);
      await fill(page, fid(row, 'text'), entry.text);
    }
  }
  const kindId = fid(path, 'next-kind');
  const kind = scene.decision ? 'decision' : scene.ending ? 'ending' : 'next';
  await radio(page, kindId, kind);
  await activate(page, `${kindId}-apply`);
  if (scene.decision) {
    const decision = [...path, 'decision'];
    await fill(page, fid(decision, 'prompt'), scene.decision.prompt);
    await radio(page, fid(decision, 'kind'), scene.decision.kind ?? 'single');
    if (scene.decision.goto) await destination(page, decision, 'goto', scene.decision.goto, scenes, guide);
    for (const [o, option] of scene.decision.option.entries()) {
      await activate(page, `${fid(decision)}-add-option`);
      await buildOption(page, [...decision, 'option', o], option, decision, scenes, guide, scene.decision.kind !== 'multiple');
    }
  } else if (scene.ending) {
    const ending = [...path, 'ending'];
    await story(page, fid(ending, 'outcome'), scene.ending.outcome);
    await fill(page, fid(ending, 'debrief'), scene.ending.debrief);
    for (const [m, note] of (scene.ending.note ?? []).entries()) {
      await activate(page, `${fid([...ending, 'note'])}-add`);
      const at = [...ending, 'note', m];
      for (const condition of note.when ?? []) await addCondition(page, at, condition);
      await fill(page, fid(at, 'text'), note.text);
      for (const claim of note.claims ?? []) await addClaim(page, at, claim);
    }
  } else {
    await destination(page, path, 'next', scene.next, scenes, guide);
    for (const [r, route] of (scene.route ?? []).entries()) {
      await activate(page, `${fid([...path, 'route'])}-add`);
      const at = [...path, 'route', r];
      for (const condition of route.when) await addCondition(page, at, condition);
      await destination(page, at, 'goto', route.goto, scenes, guide);
    }
  }
}

/** What the workshop's file says, scene by scene, in the order written. */
async function sceneOrder(page) {
  return [...(await text(page)).matchAll(/^\[\[scene\]\]\nid = "([\w-]+)"/gm)].map((m) => m[1]);
}

/** Plays a file through the CLI and returns its report without its content hash. */
function play(path, choices, seed = 1) {
  const report = JSON.parse(execFileSync(`${ROOT}target/debug/scenario`, ['play', path, '--seed', String(seed), '--choices', choices, '--json'], { cwd: ROOT, encoding: 'utf8' }));
  delete report.content_hash;
  return report;
}

test('the worked example is built from an empty workshop by forms and keyboard alone, and plays exactly like the guide', async () => {
  const guideText = workedExample();
  const guide = parse(guideText);
  const { context, page, watch } = await open(browser, { hash: WORKSHOP });
  await page.waitForSelector('#f-title');
  const started = Date.now();
  keys = 0;

  // The scenario's details: the forms are open on an empty workshop.
  await fill(page, 'f-title', guide.title);
  await fill(page, 'f-id', guide.id);
  await fill(page, 'f-summary', guide.summary);
  await choose(page, 'f-pattern', guide.pattern);
  await choose(page, 'f-role', guide.role);
  await fill(page, 'f-minutes', String(guide.minutes));
  await fill(page, 'f-version', guide.version);
  await fill(page, 'f-content_note', guide.content_note);
  await fill(page, 'f-clock_start', guide.clock_start);

  // The cast: each role, its extra keys, then each variant.
  await activate(page, 'forms-cast');
  for (const [role, variants] of Object.entries(guide.cast)) {
    await fill(page, 'cast-new-role', role);
    await activate(page, 'cast-add-role');
    for (const key of Object.keys(variants[0]).filter((k) => !['name', 'first', 'pronouns'].includes(k))) {
      await fill(page, `cast-${role}-new-key`, key);
      await activate(page, `cast-${role}-add-key`);
    }
    for (const [v, variant] of variants.entries()) {
      if (v > 0) await activate(page, `cast-${role}-add`);
      for (const [key, value] of Object.entries(variant)) {
        if (key === 'pronouns') await choose(page, fid(['cast', role, v], key), value);
        else await fill(page, fid(['cast', role, v], key), value);
      }
    }
  }

  // The key actions, one with a placeholder put in from the menu.
  await activate(page, 'forms-key-actions');
  for (const [k, action] of guide.key_action.entries()) {
    await activate(page, 'key-actions-add');
    const path = ['key_action', k];
    await fill(page, fid(path, 'id'), action.id);
    await story(page, fid(path, 'text'), action.text, true);
    await choose(page, fid(path, 'competency'), action.competency);
    await fill(page, fid(path, 'why'), action.why);
    await addCites(page, path, action.cite);
  }

  // The first scene, then each scene in turn, opened from the map; the
  // scenes an option or route leads to are made from there.
  const scenes = [guide.start];
  await disclose(page, 'scene-add-summary');
  await fill(page, 'scene-add-title', guide.scene[0].title);
  await fill(page, 'scene-add-id', guide.start);
  await activate(page, 'scene-add');
  await page.waitForFunction(() => document.activeElement?.id === 'panel-heading');
  for (const scene of guide.scene) {
    const n = (await sceneOrder(page)).indexOf(scene.id);
    assert.ok(n >= 0, `${scene.id} has been made by the time it is reached`);
    if (scene.id !== guide.start) await openScene(page, scene.id);
    await buildScene(page, n, scene, scenes, guide);
  }

  // The scenes were made in the order they were first led to: put them in
  // the guide's order with "Move up".
  const wanted = guide.scene.map((s) => s.id);
  for (let i = 0; i < wanted.length; i += 1) {
    let order = await sceneOrder(page);
    while (order.indexOf(wanted[i]) > i) {
      const at = order.indexOf(wanted[i]);
      await openScene(page, wanted[i]);
      await activate(page, `${fid(['scene', at])}-up`);
      order = await sceneOrder(page);
    }
  }
  assert.deepEqual(await sceneOrder(page), wanted);

  // The file checks clean in the workshop.
  await page.waitForFunction(() => /passes every check/.test(document.querySelector('#problems-status')?.textContent ?? ''));
  await goTo(page, 'download-file');
  const [download] = await Promise.all([page.waitForEvent('download'), press(page, 'Enter')]);
  const seconds = (Date.now() - started) / 1000;
  assert.equal(download.suggestedFilename(), 'worked-example.toml');
  const dir = mkdtempSync(join(tmpdir(), 'editor-'));
  const built = join(dir, 'worked-example.toml');
  writeFileSync(built, readFileSync(await download.path()));
  const guideFile = join(dir, 'guide', 'worked-example.toml');
  execFileSync('mkdir', ['-p', join(dir, 'guide')]);
  writeFileSync(guideFile, guideText);
  console.log(`# the worked example took ${seconds.toFixed(1)} s by forms, with ${keys} key presses and characters typed`);

  // The CLI checks it clean: no errors, no warnings.
  const checked = execFileSync(`${ROOT}target/debug/scenario`, ['check', built], { cwd: ROOT, encoding: 'utf8' });
  assert.match(checked, /: 0 error\(s\), 0 warning\(s\)$/m, checked);
  // The same file, value for value: scenes, options, points, practices, routes, endings.
  assert.deepEqual(parse(readFileSync(built, 'utf8')), guide);
  // And it plays the same: the guide's runs, and a critical one.
  for (const choices of ['2,3,2+3+4+5,3,continue', 'whole-story,harassment,changes+refer+diary+solicitor,queue,continue', '1,4,1,1,continue', '3,1,6,2,continue']) {
    for (const seed of [1, 2]) {
      assert.deepEqual(play(built, choices, seed), play(guideFile, choices, seed), `${choices} (seed ${seed})`);
    }
  }
  assert.deepEqual(await cspViolations(page), []);
  assert.deepEqual(watch.errors, []);
  await context.close();
});

test('a library scenario changed by form differs from its file only in the lines changed, comments kept', async () => {
  const name = 'after-the-break-up';
  const original = readFileSync(`${ROOT}scenarios/${name}.toml`, 'utf8');
  const data = parse(original);
  // An option with two points in one competency and one practice; a route on a flag.
  const [sn, on] = (() => {
    for (const [s, scene] of data.scene.entries()) {
      for (const [o, option] of (scene.decision?.option ?? []).entries()) {
        const points = Object.entries(option.points ?? {});
        if (points.length === 1 && points[0][1] === 2 && option.practices?.length === 1) return [s, o];
      }
    }
    throw new Error('no option to change');
  })();
  const option = data.scene[sn].decision.option[on];
  const [competency] = Object.keys(option.points);
  const catalogue = parse(readFileSync(`${ROOT}scenarios/practices.toml`, 'utf8')).practice;
  const other = catalogue.find((p) => p.competency === competency && p.treatment === 'credit' && p.id !== option.practices[0]);
  const [rn, route] = (() => {
    for (const [s, scene] of data.scene.entries()) {
      for (const [r, route] of [...(scene.route ?? []).entries()]) {
        if (route.when.length && /^[a-z_0-9]+$/.test(route.when[0])) return [s, r];
      }
    }
    throw new Error('no route to change');
  })();
  const routeRow = data.scene[rn].route[route];

  const { context, page, watch } = await open(browser, { hash: WORKSHOP });
  await page.waitForSelector('#open-file');
  await page.setInputFiles('#open-file', `${ROOT}scenarios/${name}.toml`);
  await page.waitForFunction(() => document.querySelector('#opened-note')?.textContent.startsWith('Opened'));
  await page.waitForSelector('g.map__node');

  // The option: points, then its practice (the new one added before the old goes).
  await openScene(page, data.scene[sn].id);
  const path = ['scene', sn, 'decision', 'option', on];
  const box = competency === COMPETENCIES[0] ? `${fid(path, 'points')}-first` : `${fid(path, 'points')}-${competency}`;
  await fill(page, box, '1');
  const practices = fid(path, 'practices');
  await fill(page, `${practices}-find`, other.id);
  await choose(page, `${practices}-choice`, other.id);
  await activate(page, `${practices}-add`);
  await page.waitForFunction((id) => document.querySelectorAll(`#${id} .chosen__item`).length === 2, practices);
  await activate(page, `${practices}-remove-0`);
  await page.waitForFunction((id) => document.querySelectorAll(`#${id} .chosen__item`).length === 1, practices);

  // The route: its flag, from "is set" to "is not set".
  await openScene(page, data.scene[rn].id);
  const condition = `${fid(['scene', rn, 'route', route], 'when')}-0-kind`;
  await choose(page, condition, 'not-flag');
  await page.waitForFunction((want) => document.querySelector('#scenario-text').value.includes(want), `when = ["not ${routeRow.when[0]}"`);

  await goTo(page, 'download-file');
  const [download] = await Promise.all([page.waitForEvent('download'), press(page, 'Enter')]);
  assert.equal(download.suggestedFilename(), `${name}.toml`);
  const changed = readFileSync(await download.path(), 'utf8');
  const before = original.split('\n');
  const after = changed.split('\n');
  assert.equal(after.length, before.length, 'no line added or taken away');
  const differing = before.map((line, i) => [line, after[i]]).filter(([a, b]) => a !== b);
  const points = `points = { ${competency} = 2 }`;
  const sorted = (pairs) => pairs.map((p) => JSON.stringify(p)).sort();
  assert.deepEqual(sorted(differing), sorted([
    [points, points.replace('= 2', '= 1')],
    [`practices = ["${option.practices[0]}"]`, `practices = ["${other.id}"]`],
    [`when = ["${routeRow.when[0]}"]`, `when = ["not ${routeRow.when[0]}"]`],
  ]));
  const comments = (lines) => lines.filter((l) => l.trimStart().startsWith('#'));
  assert.ok(comments(before).length > 10);
  assert.deepEqual(comments(after), comments(before), 'every comment kept');
  assert.deepEqual(await cspViolations(page), []);
  assert.deepEqual(watch.errors, []);
  assert.deepEqual(await axe(page), [], 'axe on the forms with a scene open');
  await context.close();
});
