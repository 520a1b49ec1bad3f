// Checks every integrity hash the built pages name against the file it
// names, so a file changed after trunk wrote the page (minified by
// .ci/build-web) can never be refused by the browser. Exits 1 on a mismatch.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

const pages = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name === 'index.html') pages.push(path);
  }
};
walk(process.argv[2] ?? 'dist');

let bad = 0;
let checked = 0;
for (const page of pages) {
  const html = readFileSync(page, 'utf8');
  for (const tag of html.match(/<(?:link|script)\b[^>]*\bintegrity="[^"]+"[^>]*>/g) ?? []) {
    const [, file] = /\b(?:href|src)="([^"]+)"/.exec(tag);
    const [, named] = /\bintegrity="([^"]+)"/.exec(tag);
    const [algorithm] = named.split('-');
    const actual = `${algorithm}-${createHash(algorithm).update(readFileSync(join(dirname(page), file))).digest('base64')}`;
    checked += 1;
    if (actual !== named) {
      console.error(`${page}: ${file} does not match its integrity hash`);
      bad += 1;
    }
  }
}
console.log(`integrity: ${checked} hashes checked in ${pages.length} pages, ${bad} wrong`);
process.exit(bad ? 1 : 0);
