// The guidance pages: a citation in training feedback opens its section
// (the guidance and the module that draws it are fetched only then, never
// on the first load) and the browser's Back
// button returns to the same decision; the index and sections by keyboard
// alone, with focus on each page's heading; an unknown section; and a
// guidance.toml edited on the server, read by the checker module.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { parse } from 'smol-toml';
import {
  BASE_URL, REFERENCE, ROOT, chooseByMouse, focusOnHeading, heading, launch, open, plan, ready, tabTo,
} from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

const GUIDANCE_TEXT = readFileSync(`${ROOT}scenarios/guidance.toml`, 'utf8');
const GUIDANCE = parse(GUIDANCE_TEXT);
const section = (cite) => GUIDANCE.section.find((s) => s.cite === cite);
const slugCite = (slug) => GUIDANCE.section.find((s) => s.cite.replace('§', '').split(/\s+/).join('-').toLowerCase() === slug);
const fetchedGuidance = (watch) => watch.requests.filter((url) => url.endsWith('/compiled/guidance.bin'));
const fetchedModule = (watch) => watch.requests.filter((url) => url.includes('/guidance/guidance_bg.wasm'));

const snapshot = (page) => page.evaluate(() => ({
  title: document.querySelector('main h1').textContent,
  clock: document.querySelector('.clock__time').textContent,
  options: [...document.querySelectorAll('input[name="decision"]')].map((i) => i.id),
}));

test('a citation in feedback opens its section, and Back returns to the same decision', async () => {
  const { choices } = plan(`${REFERENCE}-expert`);
  const { context, page, watch } = await open(browser, { hash: `#/play/${REFERENCE}?seed=4&mode=training` });
  // Play on until feedback with a cited source shows above the next decision.
  for (const choice of choices) {
    await chooseByMouse(page, choice);
    const cited = await page.locator('.feedback .source a').count();
    const options = await page.locator('input[name="decision"]').count();
    if (cited > 0 && options > 1) break;
  }
  const before = await snapshot(page);
  assert.ok(before.options.length > 1, 'a decision is showing');
  assert.deepEqual(fetchedGuidance(watch), [], 'the guidance is not part of the first load or of play');
  assert.deepEqual(fetchedModule(watch), [], 'nor is the code that draws it');

  const link = page.locator('.feedback .source a').first();
  const href = await link.getAttribute('href');
  assert.match(href, /^#\/guidance\/(ref|sc)-[0-9a-z.-]+$/);
  const cited = slugCite(href.split('/').pop());
  assert.ok(cited, `${href} names a section of guidance.toml`);
  await link.click();
  await page.waitForURL((url) => url.hash === href);
  await ready(page);
  await focusOnHeading(page);
  assert.equal(await heading(page), cited.title);
  assert.match(await page.title(), new RegExp(`^${cited.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} – `));
  assert.match(await page.locator('main .caption').innerText(), new RegExp(cited.cite));
  assert.equal(fetchedGuidance(watch).length, 1, 'guidance.bin is fetched when a guidance page opens');
  assert.equal(fetchedModule(watch).length, 1, 'with the guidance module');
  assert.deepEqual(watch.requests.filter((url) => url.includes('/checker/')), [], 'no checker when nothing changed');

  await page.goBack();
  await page.waitForURL((url) => url.hash.startsWith(`#/play/${REFERENCE}`));
  await ready(page);
  await page.waitForSelector('input[name="decision"]');
  assert.deepEqual(await snapshot(page), before, 'the same decision, clock and options after Back');
  assert.deepEqual(watch.errors, []);
  await context.close();
});

test('the index and a section by keyboard alone, with focus on each heading', async () => {
  const { context, page, watch } = await open(browser);
  await tabTo(page, () => document.activeElement?.textContent === 'Guidance' && document.activeElement.closest('nav'));
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('main h1')?.textContent === 'Guidance');
  await focusOnHeading(page);
  assert.equal(await page.locator('nav a[aria-current="page"]').innerText(), 'Guidance');
  // Every section is listed, each link naming its section.
  const links = await page.locator('main a[href^="#/guidance/"]').allInnerTexts();
  assert.equal(links.length, GUIDANCE.section.length);
  assert.ok(links.includes(`Ref §4: ${section('Ref §4').title}`));
  assert.ok(links.indexOf('Ref §1: ' + section('Ref §1').title) < links.indexOf('Ref §8 P1: ' + section('Ref §8 P1').title));

  await tabTo(page, () => document.activeElement?.getAttribute('href') === '#/guidance/ref-1', null, 200);
  await page.keyboard.press('Enter');
  await page.waitForFunction((t) => document.querySelector('main h1')?.textContent === t, section('Ref §1').title);
  await focusOnHeading(page);
  const main = await page.locator('main').innerText();
  assert.match(main, /Read more/);
  assert.match(main, /legislation\.gov\.uk/);
  // A section the text cites is a link that names it.
  const cross = page.locator('main p a[href="#/guidance/ref-5"]').first();
  assert.equal(await cross.getAttribute('aria-label'), `Ref §5: ${section('Ref §5').title}`);
  await tabTo(page, () => document.activeElement?.getAttribute('href') === '#/guidance/ref-5');
  await page.keyboard.press('Enter');
  await page.waitForFunction((t) => document.querySelector('main h1')?.textContent === t, section('Ref §5').title);
  await focusOnHeading(page);
  await tabTo(page, () => document.activeElement?.textContent === 'All guidance sections');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('main h1')?.textContent === 'Guidance');
  await focusOnHeading(page);
  assert.equal(fetchedGuidance(watch).length, 1, 'the guidance is fetched once a visit');
  assert.deepEqual(watch.errors, []);
  await context.close();
});

test('an address that names no section says so and links to the index', async () => {
  const { context, page } = await open(browser, { hash: '#/guidance/ref-99' });
  assert.equal(await heading(page), 'Guidance section not found');
  assert.equal(await page.locator('main a[href="#/guidance"]').count(), 1);
  await context.close();
});

test('a guidance.toml edited on the server is read by the checker module; one with errors says where', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const edited = GUIDANCE_TEXT.replace(`title = "${section('Ref §4').title}"`, 'title = "Risk, as edited by the force"');
  assert.notEqual(edited, GUIDANCE_TEXT);
  await page.route('**/scenarios/guidance.toml', (route) => route.fulfill({ body: edited, contentType: 'text/plain' }));
  await page.goto(`${BASE_URL}#/guidance/ref-4`);
  await ready(page);
  assert.equal(await heading(page), 'Risk, as edited by the force');
  assert.ok(requests.some((url) => url.includes('/checker/checker_bg.wasm')), 'the checker module read the edited file');

  await page.unroute('**/scenarios/guidance.toml');
  await page.route('**/scenarios/guidance.toml', (route) => route.fulfill({ body: `${GUIDANCE_TEXT}\n[[section]]\ncite = 4\n`, contentType: 'text/plain' }));
  await page.reload();
  await ready(page);
  assert.equal(await heading(page), 'The guidance could not be loaded');
  await page.click('summary:has-text("Details for trainers")');
  assert.match(await page.locator('pre.diagnostic').innerText(), /guidance\.toml:\d+:\d+/);
  await context.close();
});
