// The app's side of training records, loaded with the app: finds an LMS
// the way the specifications say, and imports the LMS module (dist/lms/)
// only when there is one, or when the force's settings name an LRS, so
// officers with neither never download it. Allowed by script-src 'self'
// 'wasm-unsafe-eval', like the checker and guidance modules.

import { moduleFile } from '../modules.js';

let api = null;
let version = '';
let link = null; // the module's import, once started
let loaded = null; // the module, once started
let queue = Promise.resolve();

// SCORM 1.2 looks at most 7 parents up, SCORM 2004 at most 500: the
// window, then its parents, then the opener and its parents.
function search(win, name, limit) {
  for (let tries = 0; win; tries += 1) {
    try {
      if (win[name]) return win[name];
    } catch {
      // A window of another origin: its API cannot be used.
    }
    if (tries >= limit || !win.parent || win.parent === win) return null;
    win = win.parent;
  }
  return null;
}

function find(name, limit) {
  let found = search(window, name, limit);
  if (!found && window.opener) {
    try {
      found = search(window.opener, name, limit);
    } catch {
      found = null;
    }
  }
  return found;
}

// The package says which standard it was built for (a meta tag its
// index.html carries); a plain dist/ looks for either, 2004 first.
// Answers "scorm2004", "scorm12", "cmi5" or "".
export function discover() {
  const meta = document.querySelector('meta[name="lms"]');
  const wanted = meta ? meta.content : '';
  if (wanted !== 'scorm12' && wanted !== 'cmi5') {
    api = find('API_1484_11', 500);
    if (api) version = 'scorm2004';
  }
  if (!api && wanted !== 'scorm2004' && wanted !== 'cmi5') {
    api = find('API', 7);
    if (api) version = 'scorm12';
  }
  if (api) return version;
  const query = new URLSearchParams(location.search);
  if (['endpoint', 'fetch', 'actor', 'registration', 'activityId'].every((key) => query.has(key))) version = 'cmi5';
  return version;
}

// Imports the module (once); `changed` is called whenever what the views
// show about the records changes.
export function load(changed) {
  link ??= import(moduleFile('lms/lms.js')).then(async (module) => {
    await module.default({ module_or_path: moduleFile('lms/lms_bg.wasm') });
    module.listen(changed);
    loaded = module;
    return module;
  });
  return link;
}

// After `load`: starts the LMS session; answers the learner's storage scope.
export function begin() {
  return loaded.begin(api, version);
}

// Calls the module in the order the app made the calls, each after the one
// before has finished (a step waits for the connection, a run's end for
// its last step). Resolves to the call's answer.
export function call(name, args) {
  const answer = queue.then(() => link).then((module) => module[name](...args));
  queue = answer.catch(() => undefined);
  return answer;
}

// A question answered now: undefined until the module has loaded.
export function ask(name, args) {
  return loaded ? loaded[name](...args) : undefined;
}
