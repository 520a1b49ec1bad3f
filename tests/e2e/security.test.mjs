// The app under the strict Content-Security-Policy, served from a sub-path:
// no request leaves its origin, the browser reports no violation, nothing
// errors, and scenario text is data (markup in it is shown, never run).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import {
  BASE_URL, ORIGIN, REFERENCE, ROOT, chooseByMouse, cspViolations, downloadText, heading, launch, open, plan, ready, reportShown,
} from './support.mjs';
import { CSP } from './server.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

test('a whole run stays on its origin under the strict CSP, with no violation', async () => {
  const response = await fetch(BASE_URL);
  assert.equal(response.headers.get('content-security-policy'), CSP);
  assert.notEqual(new URL(BASE_URL).pathname, '/', 'the app is served from a sub-path');
  const html = await response.text();
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script');
  assert.doesNotMatch(html, /\sstyle=/, 'no inline style');

  const { context, page, watch } = await open(browser);
  const { seed, mode, choices } = plan(`${REFERENCE}-expert`);
  await page.goto(`${BASE_URL}#/play/${REFERENCE}?seed=${seed}&mode=${mode}`);
  await ready(page);
  await page.locator('details.exhibit summary').first().click();
  const pagesModule = () => watch.requests.filter((url) => /\/pages\/pages(_bg\.wasm|\.js)(\?|$)/.test(url));
  for (const choice of choices.slice(0, -1)) await chooseByMouse(page, choice);
  assert.deepEqual(pagesModule(), [], 'the pages module (start, report and record pages) is not in a deep link\'s load');
  await chooseByMouse(page, choices.at(-1));
  // Loaded as the run ends, for the report.
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.includes('/pages/pages_bg.wasm')));
  await page.click('a:has-text("See your report")');
  await reportShown(page);
  const filesModule = () => watch.requests.filter((url) => /\/files\/files(_bg\.wasm|\.js)(\?|$)/.test(url));
  assert.deepEqual(filesModule(), [], 'no JSON code until a file is asked for');
  await downloadText(page, () => page.click('button:has-text("Download as JSON")'));
  assert.equal(filesModule().length, 2, 'the files module writes the download');
  assert.equal(pagesModule().length, 2, 'the pages module, loaded once, draws the report');
  assert.ok([...pagesModule(), ...filesModule()].every((url) => /\?release=\w+$/.test(url)), 'each module is asked for with this release\'s tag');
  await page.click('a:has-text("Your record")');
  await page.waitForFunction(() => document.querySelector('main h1')?.textContent === 'Your record');
  await downloadText(page, () => page.click('button:has-text("Download all your progress")'));

  assert.ok(watch.requests.length > 5);
  assert.deepEqual(watch.requests.filter((url) => url.includes('/checker/')), [], 'the checker module is not loaded when nothing changed');
  assert.deepEqual(watch.requests.filter((url) => /\/lms\/lms(_bg\.wasm|\.js)(\?|$)/.test(url)), [], 'the LMS module is not loaded without an LMS or an LRS');
  const elsewhere = watch.requests.filter((url) => !url.startsWith(`${ORIGIN}/`) && !url.startsWith('blob:'));
  assert.deepEqual(elsewhere, [], 'every request stays on the origin');
  assert.deepEqual(await cspViolations(page), []);
  assert.deepEqual(watch.console.filter((m) => /Content Security Policy|Refused to/i.test(m.text)), []);
  assert.deepEqual(watch.errors, []);
  assert.equal(await page.locator('[style]').count(), 0, 'no inline style attributes in the DOM');
  await context.close();
});

test('markup in a scenario file is shown as text and never runs', async () => {
  const { context, page, watch } = await open(browser, { hash: '#/nowhere' });
  // The scenario file on the server, edited to put markup in the first
  // scene's title: the app notices the file differs from its compiled form
  // and compiles it in the browser, and the title is still only text.
  const real = readFileSync(`${ROOT}scenarios/${REFERENCE}.toml`, 'utf8');
  const attack = '<img src=x onerror=window.__ran=1><script>window.__ran=2</script>';
  // The first scene's title, which the play page shows as its heading.
  const [line, title] = /^\[\[scene\]\]\nid = "[^"]+"\ntitle = "([^"]+)"$/m.exec(real);
  const edited = real.replace(line, line.replace(`title = "${title}"`, `title = "${title} ${attack.replace(/"/g, '\\"')}"`));
  assert.notEqual(edited, real);
  await page.route(`**/scenarios/${REFERENCE}.toml`, (route) => route.fulfill({ body: edited, contentType: 'text/plain' }));
  await page.goto(`${BASE_URL}#/play/${REFERENCE}?seed=1`);
  await page.reload();
  await ready(page);
  assert.equal(await heading(page), `${title} ${attack}`);
  assert.equal(await page.locator('main img, main script').count(), 0);
  assert.equal(await page.evaluate(() => window.__ran), undefined);
  assert.deepEqual(watch.errors, []);
  await context.close();
});

test('a deep link to a scenario loads only that scenario, and no checker', async () => {
  const { context, page, watch } = await open(browser, { hash: `#/play/${REFERENCE}?seed=3&mode=training` });
  await page.waitForSelector('input[name="decision"]');
  const path = (url) => new URL(url).pathname.slice(new URL(BASE_URL).pathname.length);
  const data = watch.requests.map(path).filter((p) => p.startsWith('compiled/') || p.startsWith('scenarios/') || p.startsWith('checker/'));
  assert.deepEqual(
    [...new Set(data)].sort(),
    [`compiled/${REFERENCE}.bin`, 'compiled/index.bin', `scenarios/${REFERENCE}.toml`, 'scenarios/manifest.toml', 'scenarios/settings.toml'],
  );
  assert.deepEqual(watch.errors, []);
  await context.close();
});
