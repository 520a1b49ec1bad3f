// Imports the checker's door (dist/checker/answers.js) the first time it is
// needed: the answers this browser kept, and behind them the checker module
// itself. Most visits need neither, so neither is in the first load.
let answers;

function load() {
  answers ??= import(new URL('checker/answers.js', document.baseURI).href);
  return answers;
}

// The checker's answers, kept so that the next visit with the same server
// files does not download and run the checker again. An answer depends only
// on the checker's version and the request's bytes (the manifest, settings
// and any scenario files), so those are the key. The keys are outside the
// records scope ("course-of-conduct."): no officer's data is here, only the
// checked form of the force's own files, which anyone who can load the site
// can read, so clearing an officer's data need not touch it, and on a shared
// computer it may outlast the browser session.
const CACHE = 'course-of-conduct-checked.';

// `version` is the checker's (publish::CHECKER_VERSION); `request` an encoded
// publish::CheckRequest. Resolves to the encoded answer.
export async function check(version, request) {
  return (await load()).check(CACHE, version, request);
}

export async function guidance(text) {
  return (await load()).guidance(text);
}

// Makes room for the officer's records, which come before any kept answer.
export function forget() {
  try {
    // Names first: removing one may reorder the rest.
    const names = [];
    for (let i = 0; i < localStorage.length; i++) names.push(localStorage.key(i));
    for (const name of names) if (name?.startsWith(CACHE)) localStorage.removeItem(name);
  } catch {
    // Nothing kept that could be removed.
  }
}
