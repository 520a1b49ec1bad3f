// The app's edge to a learning management system, loaded with the app.
// Finds the SCORM API the way the specifications say (the window, then its
// parents, then the opener and its parents), calls it, and sends xAPI
// requests with the browser's own fetch. Every decision about what to
// send lives in the Rust core (src/core/lms/); this only carries it.

let api = null;
let version = '';

// SCORM 1.2 looks at most 7 parents up, SCORM 2004 at most 500.
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
  if (['endpoint', 'fetch', 'actor', 'registration', 'activityId'].every((key) => query.has(key))) return 'cmi5';
  return '';
}

const NAMES = {
  scorm12: { init: 'LMSInitialize', get: 'LMSGetValue', set: 'LMSSetValue', commit: 'LMSCommit', finish: 'LMSFinish', error: 'LMSGetLastError', text: 'LMSGetErrorString', detail: 'LMSGetDiagnostic' },
  scorm2004: { init: 'Initialize', get: 'GetValue', set: 'SetValue', commit: 'Commit', finish: 'Terminate', error: 'GetLastError', text: 'GetErrorString', detail: 'GetDiagnostic' },
};

// One SCORM call: "ok", or the LMS's error as "code|text|diagnostic".
export function scorm(call, element, value) {
  const names = NAMES[version];
  try {
    let result;
    if (call === 'get') {
      result = String(api[names.get](element));
    } else if (call === 'set') {
      result = String(api[names.set](element, value));
    } else {
      result = String(api[names[call]](''));
    }
    const code = String(api[names.error]());
    if (code !== '0' && code !== '') {
      return `!${code}|${api[names.text](code)}|${api[names.detail](code)}`;
    }
    if (call !== 'get' && result !== 'true') return '!|the LMS answered false|';
    return call === 'get' ? result : 'ok';
  } catch (error) {
    return `!|${error && error.message ? error.message : error}|`;
  }
}

export function query(name) {
  return new URLSearchParams(location.search).get(name) ?? '';
}

// An xAPI or cmi5 request: resolves to [status, body]; status 0 when the
// server could not be reached. `keepalive` lets a request outlive the page.
export async function send(method, url, auth, body, keepalive) {
  const headers = { 'X-Experience-API-Version': '1.0.3' };
  if (auth) headers.Authorization = auth;
  if (body) headers['Content-Type'] = 'application/json';
  try {
    const response = await fetch(url, { method, headers, body: body || undefined, keepalive, cache: 'no-store', credentials: 'omit' });
    return [response.status, await response.text()];
  } catch {
    return [0, ''];
  }
}

export function randomBytes() {
  return crypto.getRandomValues(new Uint8Array(16));
}

export function basic(user, password) {
  return `Basic ${btoa(unescape(encodeURIComponent(`${user}:${password}`)))}`;
}
