// The benchmark's two comparison pages, written into a folder beside the
// app at benchmark time (never shipped):
//  - ink/: the anchor, a story of the same shape as a scenario (8 decisions
//    of 4 options, about 2,800 words) compiled by inkjs's own compiler and
//    played by the ink runtime, with a deep link to a knot (#scene_5);
//  - limit/: the physical limit, a static page whose one button is added by
//    a one-line script.
// Both run under the same strict CSP as the app: no inline script or style.

import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const ink = require('inkjs/full');
const INKJS_VERSION = JSON.parse(readFileSync(new URL('../node_modules/inkjs/package.json', import.meta.url), 'utf8')).version;

export const DECISIONS = 8;
export const OPTIONS = 4;

// A fixed vocabulary and a fixed walk through it, so every run compiles the same story.
const VOCABULARY = ('the caller said that she had seen his car outside the house again last night and '
  + 'that messages kept arriving from new numbers every hour while she was at work with her '
  + 'colleagues who were worried about the flowers left at reception and the letters sent to '
  + 'her mother asking where she was living now because he wanted to talk').split(' ');
function words(count, offset) {
  const out = [];
  for (let i = 0; i < count; i += 1) out.push(VOCABULARY[(offset + i * 7) % VOCABULARY.length]);
  const text = out.join(' ');
  return `${text[0].toUpperCase()}${text.slice(1)}.`;
}

/** The ink source: per decision a scene of 260 words, four choices
 *  of a dozen words with a reply, and an ending. */
export function storySource() {
  const lines = ['-> scene_1'];
  for (let d = 1; d <= DECISIONS; d += 1) {
    lines.push(`=== scene_${d} ===`, `# Scene ${d}`);
    for (let p = 0; p < 5; p += 1) lines.push(words(52, d * 31 + p * 11), '');
    for (let o = 1; o <= OPTIONS; o += 1) {
      lines.push(`* [${words(10, d * 13 + o)}]`, `  ${words(10, d * 17 + o * 3)}`);
      lines.push(`  -> ${d === DECISIONS ? 'ending' : `scene_${d + 1}`}`);
    }
  }
  lines.push('=== ending ===', words(60, 5), '-> END');
  return lines.join('\n');
}

export function wordCount(source) {
  return source.split('\n')
    .filter((l) => !l.startsWith('===') && !l.startsWith('#') && !l.trim().startsWith('->'))
    .join(' ').replace(/[*[\]]/g, ' ').split(/\s+/).filter(Boolean).length;
}

const CSP = `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'">`;

const PLAYER = `// Plays story.json with the ink runtime: the text so far, then the choices as buttons.
const main = document.querySelector('main');
function show(story) {
  main.replaceChildren();
  while (story.canContinue) {
    const p = document.createElement('p');
    p.textContent = story.Continue();
    main.append(p);
  }
  story.currentChoices.forEach((choice, i) => {
    const button = document.createElement('button');
    button.textContent = choice.text;
    button.addEventListener('click', () => { story.ChooseChoiceIndex(i); show(story); });
    main.append(button);
  });
}
fetch('story.json').then((r) => r.text()).then((json) => {
  const story = new inkjs.Story(json);
  if (location.hash.length > 1) story.ChoosePathString(location.hash.slice(1));
  show(story);
});
`;

const STYLE = 'body{font:1rem/1.5 sans-serif;max-width:40rem;margin:2rem auto}button{display:block;margin:.5rem 0;padding:.5rem 1rem}\n';

/** Writes ink/ and limit/ into `root`; returns the story's word count. */
export function writePages(root) {
  const source = storySource();
  const story = new ink.Compiler(source).Compile();
  const inkDir = join(root, 'ink');
  mkdirSync(inkDir, { recursive: true });
  writeFileSync(join(inkDir, 'story.json'), story.ToJson());
  // The runtime alone (no compiler), as a player ships it.
  copyFileSync(require.resolve('inkjs'), join(inkDir, 'ink.js'));
  writeFileSync(join(inkDir, 'player.js'), PLAYER);
  writeFileSync(join(inkDir, 'style.css'), STYLE);
  writeFileSync(join(inkDir, 'index.html'), `<!doctype html><html lang="en-GB"><head><meta charset="utf-8">${CSP}<title>ink anchor</title><link rel="stylesheet" href="style.css"><script src="ink.js" defer></script><script src="player.js" defer></script></head><body><main></main></body></html>\n`);

  const limitDir = join(root, 'limit');
  mkdirSync(limitDir, { recursive: true });
  writeFileSync(join(limitDir, 'limit.js'), "const b = document.body.appendChild(document.createElement('button')); b.textContent = 'Choose'; b.onclick = () => { b.textContent = `Next ${Date.now()}`; };\n");
  writeFileSync(join(limitDir, 'index.html'), `<!doctype html><html lang="en-GB"><head><meta charset="utf-8">${CSP}<title>limit</title><script src="limit.js" defer></script></head><body></body></html>\n`);
  return wordCount(source);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const words = writePages(process.argv[2]);
  console.log(`ink anchor: ${DECISIONS} decisions of ${OPTIONS} options, ${words} words, compiled by inkjs ${INKJS_VERSION}`);
}
