// Helpers for the LMS and LRS tests: the packages unzipped by an
// independent reader (Python's zipfile), a server for them beside the test
// LMS page and scorm-again, the app in a frame driven like a page, the
// CLI's report for any scenario, and the overall score as the core's
// scoring rule defines it.

import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../support.mjs';
import { serve } from '../server.mjs';

export const PACKAGES = `${ROOT}dist/packages`;

/** A folder holding every release package unzipped (`<name>/`) and the test LMS (`lms/`). */
export function unpack() {
  const root = mkdtempSync(join(tmpdir(), 'lms-'));
  for (const zip of readdirSync(PACKAGES).filter((f) => f.endsWith('.zip'))) {
    execFileSync('python3', ['-m', 'zipfile', '-e', join(PACKAGES, zip), join(root, zip.replace(/\.zip$/, ''))]);
  }
  cpSync(new URL('./', import.meta.url), join(root, 'lms'), { recursive: true });
  for (const name of ['scorm12.js', 'scorm2004.js']) {
    cpSync(new URL(`../node_modules/scorm-again/dist/${name}`, import.meta.url), join(root, 'lms', name));
  }
  return root;
}

export async function serveRoot(root) {
  return serve(root, { port: 0, prefix: '/' });
}

/** The app's frame, with the page's keyboard, for the shared play helpers. */
export function inFrame(page, frame) {
  return {
    keyboard: page.keyboard,
    click: (...a) => frame.click(...a),
    evaluate: (...a) => frame.evaluate(...a),
    waitForFunction: (...a) => frame.waitForFunction(...a),
    waitForSelector: (...a) => frame.waitForSelector(...a),
    isChecked: (...a) => frame.isChecked(...a),
    locator: (...a) => frame.locator(...a),
  };
}

/** The app's frame once it shows a view. */
export async function appFrame(page) {
  const handle = await page.waitForSelector('#sco');
  const frame = await handle.contentFrame();
  await frame.waitForFunction(() => {
    const h1 = document.querySelector('main h1');
    return h1 && !h1.textContent.startsWith('Loading');
  });
  return frame;
}

/** The CLI's report for a run of any scenario. */
export function cliReportOf(id, { seed, mode, choices }) {
  const args = ['play', `scenarios/${id}.toml`, '--seed', String(seed), '--choices', choices.join(','), '--json'];
  if (mode === 'assessment') args.push('--assessment');
  return JSON.parse(execFileSync(`${ROOT}target/debug/scenario`, args, { cwd: ROOT, encoding: 'utf8' }));
}

/** The overall score: credited points over points available (core::scoring). */
export function overallPercent(report) {
  let earned = 0;
  let best = 0;
  for (const c of report.competencies) {
    if (c.best <= 0) continue;
    earned += Math.min(Math.max(c.earned, 0), c.best);
    best += c.best;
  }
  return best > 0 ? Math.floor((earned * 200 + best) / (best * 2)) : null;
}

/** Radix 36, as the app names runs in interaction ids. */
export const radix36 = (n) => BigInt(n).toString(36);

/** A scenario's options in file order at each decision scene, read from its file. */
export function optionOrder(id) {
  const text = readFileSync(`${ROOT}scenarios/${id}.toml`, 'utf8');
  const order = {};
  let scene = null;
  let wants = null;
  for (const line of text.split('\n')) {
    if (/^\[\[scene\]\]/.test(line)) wants = 'scene';
    else if (/^\[\[scene\.decision\.option\]\]/.test(line)) wants = 'option';
    else if (/^\[/.test(line)) wants = null;
    const found = /^id\s*=\s*"([^"]+)"/.exec(line);
    if (found && wants === 'scene') { scene = found[1]; order[scene] = []; wants = null; }
    if (found && wants === 'option') { order[scene].push(found[1]); wants = null; }
  }
  return order;
}

/** Plays to the end taking the first option shown each time, by mouse; returns the choices made. */
export async function playFirstOptions(view, frame, chooseByMouse, { stopAfter = Infinity } = {}) {
  const choices = [];
  for (let step = 0; step < 120 && choices.length < stopAfter; step += 1) {
    if (await frame.locator('a:has-text("See your report")').count()) break;
    const first = await frame.evaluate(() => {
      const inputs = [...document.querySelectorAll('input[name="decision"]')];
      return inputs.length ? inputs[0].id.replace(/^option-/, '') : 'continue';
    });
    choices.push(first);
    await chooseByMouse(view, first);
  }
  return choices;
}
