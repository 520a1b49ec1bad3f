// A test LMS: scorm-again's APIs as window.API (SCORM 1.2) and
// window.API_1484_11 (SCORM 2004), the course in a frame. The tests start
// it with `startLms`, can make it refuse calls (`lmsRefuse`, a pattern of
// elements, or "commit") and make it slow (`lmsSlow`, milliseconds per call).

const NAMES = {
  '12': { set: 'LMSSetValue', commit: 'LMSCommit', error: 'LMSGetLastError', text: 'LMSGetErrorString', detail: 'LMSGetDiagnostic' },
  '2004': { set: 'SetValue', commit: 'Commit', error: 'GetLastError', text: 'GetErrorString', detail: 'GetDiagnostic' },
};

window.lmsRefuse = null;
window.lmsSlow = 0;
window.lmsCalls = [];

function wait(ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) { /* an LMS that takes its time (calls are synchronous) */ }
}

// Wraps the API so the test can make it slow or refuse calls, as a real
// LMS may: a refused call answers "false" and reports error 351.
function wrap(api, names) {
  let refused = false;
  const set = api[names.set].bind(api);
  const commit = api[names.commit].bind(api);
  const error = api[names.error].bind(api);
  const text = api[names.text].bind(api);
  const detail = api[names.detail].bind(api);
  const refuses = (element) => window.lmsRefuse && new RegExp(window.lmsRefuse).test(element);
  api[names.set] = (element, value) => {
    wait(window.lmsSlow);
    window.lmsCalls.push(['set', element, value]);
    refused = refuses(element);
    return refused ? 'false' : set(element, value);
  };
  api[names.commit] = (arg) => {
    wait(window.lmsSlow);
    window.lmsCalls.push(['commit']);
    refused = refuses('commit');
    return refused ? 'false' : commit(arg);
  };
  api[names.error] = () => (refused ? '351' : error());
  api[names.text] = (code) => (refused && String(code) === '351' ? 'General exception' : text(code));
  api[names.detail] = (code) => (refused && String(code) === '351' ? 'The test LMS is refusing this call' : detail(code));
  return api;
}

window.startLms = ({ pkg, version, data }) => {
  const settings = { logLevel: 5, autocommit: false };
  if (version === '12') {
    window.API = wrap(new window.Scorm12API(settings), NAMES['12']);
    window.API.loadFromJSON(data);
  } else {
    window.API_1484_11 = wrap(new window.Scorm2004API(settings), NAMES['2004']);
    window.API_1484_11.loadFromJSON(data);
  }
  document.getElementById('sco').src = `../${pkg}/index.html`;
};

// Everything the LMS holds, as it would send it on commit.
window.lmsData = () => (window.API ?? window.API_1484_11).renderCommitCMI(true);
