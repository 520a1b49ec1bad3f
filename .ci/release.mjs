// Gives every code file of a release an address of its own, so a browser
// never mixes files of two releases, whatever caching rule the force's
// server sends. Trunk names only some files by their content: the JS
// snippets (`snippets/<crate>-<hash>/`) are named by the crate, and the
// lazily loaded modules (checker/, lms/, ...) have fixed names. A browser
// that guesses an unhashed file is still fresh could pair a new app with an
// old snippet and fail to start.
//
// The release's tag is a hash of every code file in dist/. Each page's own
// JS (named in its `data-app="js"` link) is renamed to carry it, every
// snippets folder is renamed to it, and the references are rewritten; the
// app asks for its modules with the same tag (src/app/modules.js reads it
// from the JS's name). Run after the files are final (minified), before
// their list is written for the LMS packages.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const dist = process.argv[2] ?? 'dist';
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      // Data and packages are not code; packages are made from this later.
      if (!['compiled', 'packages', 'scenarios'].includes(relative(dist, path))) walk(path);
    } else files.push(path);
  }
};
walk(dist);

const code = files.filter((f) => /\.(js|wasm|css)$/.test(f));
const hash = createHash('sha256');
for (const file of code) hash.update(relative(dist, file)).update('\0').update(readFileSync(file)).update('\0');
const release = hash.digest('hex').slice(0, 16);

// Every snippets folder, by its old name.
const snippetDirs = new Set();
for (const file of files) {
  const match = /^(.*\/snippets)\/([^/]+)\//.exec(file);
  if (match) snippetDirs.add(`${match[1]}/${match[2]}`);
}
const oldSnippetNames = new Set([...snippetDirs].map((dir) => dir.split('/').pop()));
if (oldSnippetNames.size > 1) throw new Error(`release.mjs: expected one snippets folder name, found ${[...oldSnippetNames]}`);
const [oldSnippets] = oldSnippetNames;

const rewrite = (file, edit) => writeFileSync(file, edit(readFileSync(file, 'utf8')));
const pages = files.filter((f) => f.endsWith('index.html'));
if (oldSnippets) {
  const from = `./snippets/${oldSnippets}/`;
  const to = `./snippets/${release}/`;
  // Only where a file is fetched: an import's specifier and a page's link.
  // The glue's table of imports keeps the old names as keys, because the
  // wasm names its imports by them.
  const specifier = new RegExp(`(\\bfrom\\s*["']|href=")${from.replaceAll('.', '\\.')}`, 'g');
  for (const file of [...files.filter((f) => f.endsWith('.js')), ...pages]) {
    rewrite(file, (text) => text.replace(specifier, `$1${to}`));
  }
  for (const dir of snippetDirs) renameSync(dir, join(dirname(dir), release));
}

for (const page of pages) {
  const html = readFileSync(page, 'utf8');
  const link = /<link\b[^>]*\bhref="\.\/([\w-]+)-([0-9a-f]+)\.js"[^>]*\bdata-app="js"/.exec(html);
  if (!link) continue;
  const [, name, old] = link;
  const from = `${name}-${old}.js`;
  const to = `${name}-${release}.js`;
  renameSync(join(dirname(page), from), join(dirname(page), to));
  writeFileSync(page, html.replaceAll(from, to));
  console.log(`release ${release}: ${relative(dist, join(dirname(page), to))}`);
}
