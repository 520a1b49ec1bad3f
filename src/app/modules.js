// The app's doors to its lazily loaded modules, each beside the app under
// its own directory (dist/<name>/) and imported the first time it is needed,
// so none is in the officers' first load. Allowed by script-src 'self'
// 'wasm-unsafe-eval'. A failed import is forgotten, so the next attempt
// tries again. (The LMS module has its own door, lms/load.js, which first
// looks for an LMS.)
const imported = {};

// This release's tag: the hash of the whole release, which the build puts
// in the app's own file name (.ci/release.mjs). The modules' file names
// carry no hash, so each is asked for with the tag: a browser that cached a
// module of an earlier release (a server that sets no caching rule lets it)
// then never pairs it with this app.
const release = /-(\w+)\.js$/.exec(document.querySelector('link[data-app="js"]')?.href ?? '')?.[1];

// The address of one of this release's module files under dist/.
export function moduleFile(file) {
  const url = new URL(file, document.baseURI);
  if (release) url.searchParams.set('release', release);
  return url.href;
}

// `file` is the module's JS under dist/; `start` whether it is a wasm
// module's glue, which must be started (with its wasm beside it) before its
// first call.
function load(file, start = true) {
  imported[file] ??= import(moduleFile(file))
    .then(async (module) => {
      if (start) await module.default({ module_or_path: moduleFile(file.replace(/\.js$/, '_bg.wasm')) });
      return module;
    })
    .catch((error) => {
      delete imported[file];
      throw error;
    });
  return imported[file];
}

// The checker: its door (checker/answers.js) holds the answers this browser
// kept, and behind them the checker module itself. Most visits need neither.
//
// An answer depends only on the checker's version and the request's bytes
// (the manifest, settings and any scenario files), so those are the key.
// The keys are outside the records scope ("course-of-conduct."): no
// officer's data is here, only the checked form of the force's own files,
// which anyone who can load the site can read, so clearing an officer's
// data need not touch it, and on a shared computer it may outlast the
// browser session.
const CHECKED = 'course-of-conduct-checked.';
const checker = () => load('checker/answers.js', false);

// `version` is the checker's (publish::CHECKER_VERSION); `request` an encoded
// publish::CheckRequest. Resolves to the encoded answer.
export async function check(version, request) {
  return (await checker()).check(CHECKED, version, request);
}

export async function guidance(text) {
  return (await checker()).guidance(text);
}

// Makes room for the officer's records, which come before any kept answer.
export function forget() {
  try {
    // Names first: removing one may reorder the rest.
    const names = [];
    for (let i = 0; i < localStorage.length; i++) names.push(localStorage.key(i));
    for (const name of names) if (name?.startsWith(CHECKED)) localStorage.removeItem(name);
  } catch {
    // Nothing kept that could be removed.
  }
}

// The files module: downloads, imports, and records an earlier version
// stored as JSON.
export async function callFiles(name, args) {
  return (await load('files/files.js'))[name](...args);
}

// The guidance module draws a guidance page in the container the app gives it.
export async function showGuidance(container, slug, focus) {
  return (await load('guidance/guidance.js')).show(container, slug, focus);
}

// The pages module draws a start page, a report or the record page in the
// container the app gives it; `call` is the app's encoded message
// (app::pages::PageCall).
export async function showPage(container, call, act) {
  return (await load('pages/pages.js')).show(container, call, act);
}

export function hidePage(container) {
  imported['pages/pages.js']?.then((module) => module.hide(container), () => {});
}

// While the officer reads the home page, and as a run ends, so the next
// page opens at once; a failure is reported when the page itself asks.
export function warmPages() {
  load('pages/pages.js').catch(() => {});
}
