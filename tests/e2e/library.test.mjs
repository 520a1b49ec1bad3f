// The home page from the manifest: modules in order, each scenario with its
// role, case pattern, time, content note and progress, grouped by role too;
// a scenario file that fails its checks is listed with its errors for the
// trainer and does not stop the others.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { BASE_URL, REFERENCE, ROOT, heading, launch, open, ready } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

const manifest = readFileSync(`${ROOT}scenarios/manifest.toml`, 'utf8');
const modules = [...manifest.matchAll(/^title\s*=\s*"([^"]+)"/gm)].map((m) => m[1]);

test('the home page lists every module from the manifest with each scenario\'s details', async () => {
  const { context, page } = await open(browser);
  assert.equal(await heading(page), 'Stalking response training');
  const sections = await page.locator('main section h2').allInnerTexts();
  assert.deepEqual(sections.filter((t) => modules.includes(t)), modules, 'modules in manifest order');

  const card = page.locator('li.card', { has: page.locator(`a[href="#/scenario/${REFERENCE}"]`) });
  const text = await card.innerText();
  assert.match(text, /Role\s+Response officer/);
  assert.match(text, /Case pattern\s+\S/);
  const minutes = /^minutes = (\d+)$/m.exec(readFileSync(`${ROOT}scenarios/${REFERENCE}.toml`, 'utf8'))[1];
  assert.match(text, new RegExp(`Time\\s+About ${minutes} minutes`));
  assert.match(text, /Your progress\s+Not started/);
  assert.match(text, /Content note:/);
  assert.equal(await page.locator('#roles-title').count(), 1);
  assert.ok(await page.locator(`#roles-title ~ dl a[href="#/scenario/${REFERENCE}"]`).count() >= 1);
  await context.close();
});

test('a broken scenario file is listed with its located errors and the others still play', async () => {
  const { context, page } = await open(browser, { hash: '#/nowhere' });
  // A real broken fixture, published under a new id in an extra module.
  const fixture = readFileSync(`${ROOT}tests/fixtures/broken/unknown-role.toml`, 'utf8');
  await page.route('**/scenarios/manifest.toml', (route) => route.fulfill({
    body: `${manifest}\n[[module]]\nid = "extra"\ntitle = "Extra"\nsummary = "A module with broken files."\nscenarios = ["unknown-role", "saved-as-ansi"]\n`,
    contentType: 'text/plain',
  }));
  await page.route('**/scenarios/unknown-role.toml', (route) => route.fulfill({ body: fixture, contentType: 'text/plain' }));
  // Saved by Notepad as "ANSI": `§` is the one byte 0xA7.
  const mini = readFileSync(`${ROOT}tests/fixtures/valid/mini.toml`, 'utf8');
  const ansi = Buffer.from([...mini].map((c) => (c === '§' ? 0xa7 : c.charCodeAt(0))));
  await page.route('**/scenarios/saved-as-ansi.toml', (route) => route.fulfill({ body: ansi, contentType: 'text/plain' }));
  await page.goto(BASE_URL);
  await ready(page);

  const broken = page.locator('li.card--unavailable', { hasText: 'unknown-role.toml' });
  assert.equal(await broken.count(), 1);
  await broken.locator('summary:has-text("Details for trainers")').click();
  const details = await broken.locator('pre').first().innerText();
  const expected = /^# expect: (\d+:\d+: error\[[\w-]+\]: .+)$/m.exec(fixture)[1];
  assert.ok(details.includes(expected.split(': error')[0]) && details.includes(expected.split(': ').slice(1).join(': ')), `${details}\nshould show ${expected}`);
  assert.equal(await broken.locator('a:has-text("Trainers\' workshop")').getAttribute('href'), 'workshop/', 'the trainer is sent where the file can be fixed');

  const saved = page.locator('li.card--unavailable', { hasText: 'saved-as-ansi.toml' });
  await saved.locator('summary:has-text("Details for trainers")').click();
  assert.match(await saved.locator('pre').first().innerText(), /error\[encoding\]: the file is saved as Windows-1252 .*not UTF-8/);

  await page.click(`a[href="#/scenario/${REFERENCE}"]`);
  await page.click('button:has-text("Start")');
  await page.waitForSelector('input[name="decision"]');
  await context.close();
});
