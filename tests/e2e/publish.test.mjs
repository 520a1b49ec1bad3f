// Drop-in publishing, as a force would do it on its own web server: copy a
// scenario file into the served scenarios/ folder and add its id to the
// manifest (the one line), reload, and it is on the home page and plays,
// with no rebuild. Break the file and the home page shows its located
// errors instead of it, while every other scenario still plays. This runs
// against a copy of the built dist/ on its own server, so the shared one
// is never changed.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { REFERENCE, ROOT, cspViolations, launch, ready, servedCopy } from './support.mjs';

let browser;
let copy;
let site;
let base;

before(async () => {
  browser = await launch();
  copy = await servedCopy('published');
  ({ site, base } = copy);
});
after(async () => {
  await browser.close();
  await copy.close();
});

const NEW_ID = 'mini';

/** Adds the id to the last module's list: the one line a force changes. */
function listInManifest(manifest, id) {
  const lines = manifest.split('\n');
  const last = lines.findLastIndex((l) => /^scenarios\s*=\s*\[.*\]\s*$/.test(l));
  lines[last] = lines[last].replace(/\]\s*$/, `, "${id}"]`);
  return lines.join('\n');
}

async function home(page) {
  await page.goto(base);
  await ready(page);
}

async function plays(page, id) {
  await page.click(`a[href="#/scenario/${id}"]`);
  await page.click('button:has-text("Start")');
  await page.waitForSelector('input[name="decision"]');
  await page.goto(base);
  await ready(page);
}

test('a scenario copied into scenarios/ with a manifest line is published without a rebuild, and a broken one shows its errors', async () => {
  const scenarios = join(site, 'scenarios');
  const manifest = readFileSync(join(scenarios, 'manifest.toml'), 'utf8');
  const before = manifest.split('\n');
  const edited = listInManifest(manifest, NEW_ID);
  const after = edited.split('\n');
  assert.equal(after.length, before.length);
  assert.equal(after.filter((l, i) => l !== before[i]).length, 1, 'one line of the manifest changes');

  const context = await browser.newContext();
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  const errors = [];
  const requests = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => requests.push(r.url()));

  await home(page);
  assert.equal(await page.locator(`a[href="#/scenario/${NEW_ID}"]`).count(), 0, 'not there before');
  assert.equal(requests.filter((url) => url.includes('/checker/')).length, 0, 'no checker while nothing changed');

  // Publish: the file, named after its id, and the manifest line. No build.
  const valid = readFileSync(`${ROOT}tests/fixtures/valid/mini.toml`, 'utf8');
  writeFileSync(join(scenarios, `${NEW_ID}.toml`), valid);
  writeFileSync(join(scenarios, 'manifest.toml'), edited);
  await home(page);
  const card = page.locator('li.card', { has: page.locator(`a[href="#/scenario/${NEW_ID}"]`) });
  assert.equal(await card.count(), 1, 'the new scenario is listed');
  assert.match(await card.innerText(), /Messages after the break-up/);
  assert.match(await card.innerText(), /Role\s+Response officer/);
  await plays(page, NEW_ID);
  // The manifest changed, so the checker module was imported and checked the new file.
  assert.ok(requests.some((url) => url.includes('/checker/checker_bg.wasm')), 'the checker module was loaded');

  // Break it: the same id with a goto to a scene that does not exist.
  const broken = readFileSync(`${ROOT}tests/fixtures/broken/unknown-target.toml`, 'utf8');
  writeFileSync(join(scenarios, `${NEW_ID}.toml`), broken);
  await home(page);
  assert.equal(await page.locator(`a[href="#/scenario/${NEW_ID}"]`).count(), 0, 'a broken file cannot be opened');
  const unavailable = page.locator('li.card--unavailable', { hasText: `${NEW_ID}.toml` });
  assert.equal(await unavailable.count(), 1);
  await unavailable.locator('summary:has-text("Details for trainers")').click();
  const details = await unavailable.locator('pre').first().innerText();
  const [, where, what] = /^# expect: (\d+:\d+): (error\[[\w-]+\]: .+)$/m.exec(broken);
  assert.ok(details.includes(`${where}: ${what}`), `${details}\nshould show ${where}: ${what}`);

  // Every other scenario is still listed and plays.
  const ids = manifest.split('\n').filter((l) => l.startsWith('scenarios')).flatMap((l) => [...l.matchAll(/"([a-z0-9-]+)"/g)].map((m) => m[1]));
  assert.ok(ids.length > 5);
  for (const id of ids) assert.equal(await page.locator(`li.card a[href="#/scenario/${id}"]`).count(), 1, `${id} still listed`);
  await plays(page, REFERENCE);

  assert.deepEqual(errors, []);
  assert.deepEqual(await cspViolations(page), []);
  await context.close();
});

test("a force's own wording in settings.toml reaches officers without a rebuild", async () => {
  const scenarios = join(site, 'scenarios');
  const shipped = readFileSync(join(scenarios, 'settings.toml'), 'utf8');
  writeFileSync(join(scenarios, 'settings.toml'), shipped.replace('# name = "Northvale Police"', 'name = "Eastmoor Constabulary"'));
  const context = await browser.newContext();
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`${base}#/play/the-interim-order?seed=1`);
  await ready(page);
  await page.waitForSelector('#continue-button, input[name="decision"]');
  assert.match(await page.locator('main').innerText(), /You are Eastmoor Constabulary's stalking single point of contact/);
  assert.ok(requests.some((url) => url.includes('/checker/checker_bg.wasm')), 'the changed settings were read by the checker module');
  assert.deepEqual(await cspViolations(page), []);
  writeFileSync(join(scenarios, 'settings.toml'), shipped);
  await context.close();
});

test('a scenario edited in place on the server is checked again when opened; with errors, it is not played', async () => {
  const file = join(site, 'scenarios', `${REFERENCE}.toml`);
  const shipped = readFileSync(file, 'utf8');
  const context = await browser.newContext();
  const page = await context.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));

  // The first scene's title, which the play page shows as its heading.
  const [line, title] = /^\[\[scene\]\]\nid = "[^"]+"\ntitle = "([^"]+)"$/m.exec(shipped);
  writeFileSync(file, shipped.replace(line, line.replace(`title = "${title}"`, `title = "${title}, again"`)));
  await page.goto(`${base}#/play/${REFERENCE}?seed=2`);
  await ready(page);
  assert.equal(await page.locator('main h1').innerText(), `${title}, again`, 'the edited file is played');
  assert.ok(requests.some((url) => url.includes('/checker/checker_bg.wasm')), 'the checker compiled the edited file');

  // A broken edit: a start scene that does not exist.
  const [start] = /^start = "[^"]+"$/m.exec(shipped);
  const startLine = shipped.slice(0, shipped.indexOf(start)).split('\n').length;
  writeFileSync(file, shipped.replace(start, 'start = "nowhere"'));
  await page.goto(`${base}#/play/${REFERENCE}?seed=3`);
  await page.reload();
  await ready(page);
  assert.equal(await page.locator('main h1').innerText(), 'The scenario could not be loaded');
  assert.equal(await page.locator('input[name="decision"], #continue-button').count(), 0, 'nothing to play');
  await page.locator('summary:has-text("Details for trainers")').click();
  assert.match(await page.locator('main pre').first().innerText(), new RegExp(`after-the-break-up\\.toml:${startLine}:\\d+: error`));
  writeFileSync(file, shipped);
  await context.close();
});

test('a server that does not send .wasm as application/wasm still serves a working app', async () => {
  // As an intranet server with no type set for .wasm would: the browser
  // refuses to compile such a response as it streams, and wasm-bindgen's
  // glue then reads the bytes whole instead.
  const context = await browser.newContext();
  await context.route(/\.wasm(\?|$)/, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-type': 'application/octet-stream' } });
  });
  const page = await context.newPage();
  const errors = [];
  const warnings = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  await page.goto(base);
  await ready(page);
  assert.equal(await page.locator('main h1').innerText(), 'Stalking response training');
  assert.ok(warnings.some((w) => w.includes('application/wasm')), 'the glue noticed the type and fell back');
  await page.goto(`${base}#/play/${REFERENCE}?seed=1`);
  await ready(page);
  assert.ok(await page.locator('input[name="decision"], #continue-button').count() > 0, 'the scenario plays');
  assert.deepEqual(errors, []);
  await context.close();
});
