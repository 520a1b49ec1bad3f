// The checker's answers are kept in the browser: a force that has edited
// settings.toml (as every force with an LRS must) makes the app import the
// checker module on an officer's first visit, and not again on the next
// visit while the server's files stay the same; the same for a scenario
// edited in place, when it is opened. Any change to the files is
// checked again, a browser that cannot store anything still works, and the
// officer's progress comes before any kept answer when storage is full.
// Against a copy of the built dist/ on its own server, like publish.test.mjs.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { PROGRESS_KEY, REFERENCE, chooseByMouse, cspViolations, launch, plan, ready, servedCopy, storedProgress } from './support.mjs';

const CACHE = 'course-of-conduct-checked.';
// The checker module itself; its small door (checker/answers.js), which
// reads the kept answers, is imported whenever the files differ.
const theModule = (url) => /\/checker\/checker(_bg\.wasm|\.js)(\?|$)/.test(url);
const SCENARIO = 'the-interim-order';
const { choices } = plan(`${REFERENCE}-expert`);

let browser;
let copy;
let site;
let base;
let shipped;

before(async () => {
  browser = await launch();
  copy = await servedCopy('checked');
  ({ site, base } = copy);
  shipped = readFileSync(join(site, 'scenarios', 'settings.toml'), 'utf8');
});
after(async () => {
  await browser.close();
  await copy.close();
});

/** The force's name in settings.toml, as a force would edit it. */
function nameTheForce(name) {
  const edited = shipped.replace('# name = "Northvale Police"', `name = "${name}"`);
  assert.notEqual(edited, shipped);
  writeFileSync(join(site, 'scenarios', 'settings.toml'), edited);
}

/** One visit in a new tab of the same browser: the home page, then a scenario that names the force. */
async function visit(context) {
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(base);
  await ready(page);
  const home = await page.locator('main').innerText();
  await page.goto(`${base}#/play/${SCENARIO}?seed=1`);
  await ready(page);
  await page.waitForSelector('#continue-button, input[name="decision"]');
  const played = await page.locator('main').innerText();
  const checker = requests.filter(theModule);
  const csp = await cspViolations(page);
  // Leaves no unfinished run behind, so the next visit's home page is the same.
  const kept = await page.evaluate(([prefix, progress]) => {
    try {
      localStorage.removeItem(progress);
      return Object.keys(localStorage).filter((k) => k.startsWith(prefix));
    } catch {
      return [];
    }
  }, [CACHE, PROGRESS_KEY]);
  await page.close();
  assert.deepEqual(errors, []);
  assert.deepEqual(csp, []);
  return { home, played, checker, kept };
}

async function newContext(init) {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  if (init) await context.addInitScript(init);
  return context;
}

test('edited settings are checked on the first visit only; a further edit is checked again', async () => {
  nameTheForce('Eastmoor Constabulary');
  const context = await newContext();

  const first = await visit(context);
  assert.ok(first.checker.some((url) => url.includes('/checker/checker_bg.wasm')), 'the first visit imports the checker');
  assert.match(first.played, /You are Eastmoor Constabulary's stalking single point of contact/);
  assert.equal(first.kept.length, 1, 'its answer is kept');

  const second = await visit(context);
  assert.deepEqual(second.checker, [], 'the second visit asks nothing of the checker module');
  assert.equal(second.home, first.home, 'the same home page');
  assert.equal(second.played, first.played, 'the same scenario text');

  nameTheForce('Westmoor Police');
  const third = await visit(context);
  assert.ok(third.checker.some((url) => url.includes('/checker/checker_bg.wasm')), 'a changed file is checked again');
  assert.match(third.played, /You are Westmoor Police's stalking single point of contact/);
  assert.equal(third.kept.length, 2);

  // Back to the first edit: the answer kept for it is still good.
  nameTheForce('Eastmoor Constabulary');
  const fourth = await visit(context);
  assert.deepEqual(fourth.checker, []);
  assert.equal(fourth.played, first.played);
  await context.close();
});

test('a kept answer that was damaged is not used; the oldest answers make way for new ones', async () => {
  nameTheForce('Eastmoor Constabulary');
  const context = await newContext();
  const first = await visit(context);
  assert.equal(first.kept.length, 1);

  // Damage it, and fill the rest of the room with older answers.
  const page = await context.newPage();
  await page.goto(base);
  await ready(page);
  await page.evaluate(([key, prefix]) => {
    const entry = localStorage.getItem(key);
    const middle = Math.floor(entry.length / 2);
    localStorage.setItem(key, `${entry.slice(0, middle)}AAAAAAAA${entry.slice(middle + 8)}`);
    for (let i = 0; i < 8; i++) localStorage.setItem(`${prefix}old.${i}`, `${i + 1}:AAAA`);
  }, [first.kept[0], CACHE]);
  await page.close();

  const second = await visit(context);
  assert.ok(second.checker.some((url) => url.includes('/checker/checker_bg.wasm')), 'a damaged answer is checked again');
  assert.equal(second.played, first.played);
  assert.equal(second.kept.length, 8, 'at most eight answers are kept');
  assert.ok(second.kept.includes(first.kept[0]), 'the new answer is kept');
  assert.ok(!second.kept.includes(`${CACHE}old.0`), 'the least recently used one went');
  assert.ok(second.kept.includes(`${CACHE}old.7`));
  await context.close();
});

test('a browser whose storage refuses every write still shows the edited settings, checking them each visit', async () => {
  nameTheForce('Eastmoor Constabulary');
  const context = await newContext(() => {
    Storage.prototype.setItem = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  const first = await visit(context);
  const second = await visit(context);
  for (const visited of [first, second]) {
    assert.ok(visited.checker.some((url) => url.includes('/checker/checker_bg.wasm')));
    assert.match(visited.home, /The interim order \(Applying for a Stalking Protection Order/);
    assert.match(visited.played, /You are Eastmoor Constabulary's stalking single point of contact/);
    assert.deepEqual(visited.kept, []);
  }
  await context.close();
});

test('a browser that blocks storage altogether still shows the edited settings', async () => {
  nameTheForce('Eastmoor Constabulary');
  const context = await newContext(() => {
    Object.defineProperty(window, 'localStorage', {
      get() {
        throw new DOMException('Access is denied for this document.', 'SecurityError');
      },
    });
  });
  const visited = await visit(context);
  assert.ok(visited.checker.some((url) => url.includes('/checker/checker_bg.wasm')));
  assert.match(visited.played, /You are Eastmoor Constabulary's stalking single point of contact/);
  await context.close();
});

test("kept answers give way to the officer's progress when the storage is full", async () => {
  nameTheForce('Eastmoor Constabulary');
  const context = await newContext();
  const first = await visit(context);
  assert.equal(first.kept.length, 1);

  const page = await context.newPage();
  await page.goto(`${base}#/play/${REFERENCE}?seed=2`);
  await ready(page);
  // Fill what is left of the quota with more kept answers, as far as it goes.
  const filled = await page.evaluate((prefix) => {
    let size = 1 << 20;
    let count = 0;
    while (size >= 1) {
      try {
        localStorage.setItem(`${prefix}filler.${count}`, `1:${'A'.repeat(size)}`);
        count += 1;
      } catch {
        size = Math.floor(size / 2);
      }
    }
    return count;
  }, CACHE);
  assert.ok(filled > 1, 'the quota is full');
  await chooseByMouse(page, choices[0]);
  const saved = await storedProgress(page);
  assert.equal(saved.unfinished.length, 1, 'the progress was saved');
  assert.equal(await page.locator('.notification--alert').count(), 0, 'no storage problem to report');
  const kept = await page.evaluate((prefix) => Object.keys(localStorage).filter((k) => k.startsWith(prefix)), CACHE);
  assert.deepEqual(kept, [], 'the kept answers made room');
  await page.close();
  await context.close();
});

test('a scenario edited in place is checked when first opened, and not again on the next visit', async () => {
  writeFileSync(join(site, 'scenarios', 'settings.toml'), shipped);
  const file = join(site, 'scenarios', `${REFERENCE}.toml`);
  const original = readFileSync(file, 'utf8');
  const [line, title] = /^\[\[scene\]\]\nid = "[^"]+"\ntitle = "([^"]+)"$/m.exec(original);
  writeFileSync(file, original.replace(line, line.replace(`title = "${title}"`, `title = "${title}, again"`)));
  const context = await newContext();
  const open = async () => {
    const page = await context.newPage();
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${base}#/play/${REFERENCE}?seed=2`);
    await ready(page);
    const heading = await page.locator('main h1').innerText();
    await page.evaluate((key) => localStorage.removeItem(key), PROGRESS_KEY);
    await page.close();
    return { heading, checker: requests.filter(theModule) };
  };
  const first = await open();
  assert.equal(first.heading, `${title}, again`);
  assert.ok(first.checker.some((url) => url.includes('/checker/checker_bg.wasm')), 'the edited file is checked');
  const second = await open();
  assert.equal(second.heading, `${title}, again`);
  assert.deepEqual(second.checker, [], 'and not again');
  writeFileSync(file, original);
  await context.close();
});
