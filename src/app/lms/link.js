// The LMS module's edge (dist/lms/, imported by src/app/lms/load.js only
// when there is an LMS or an LRS): calls the SCORM API the app found, and
// sends xAPI requests with the browser's own fetch. Every decision about
// what to send lives in the Rust core (src/core/lms/); this only carries it.

let api = null;
let version = '';

// The API the app found (src/app/lms/load.js), and its standard.
export function attach(found, standard) {
  api = found;
  version = standard;
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
