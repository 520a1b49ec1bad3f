// The LMS side of a cmi5 launch, on loopback, for the tests: it serves the
// unzipped packages (and dist/ for the standalone LRS test, with an [lrs]
// in its settings), answers the `fetch` URL with an auth token once, serves
// the LMS.LaunchData state document, records the LMS's own `launched`
// statement, and passes statements through to Ralph (an LRS), so the test
// can stop Ralph and start it again, or lose one response on the way back.

import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { CSP } from '../server.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.toml': 'text/plain; charset=utf-8',
};

export async function startLauncher({ packages, dist, ralph, settings }) {
  const state = { launches: new Map(), fetches: new Map(), loseNext: 0, statements: 0 };
  let base = '';
  const ralphUrl = () => `http://127.0.0.1:${ralph.port}/xAPI/`;

  async function file(base, path, response, override) {
    const root = resolve(base);
    const target = normalize(join(root, decodeURIComponent(path) || 'index.html'));
    if (!target.startsWith(root)) return response.writeHead(403).end();
    if (override && target === join(root, 'scenarios', 'settings.toml')) {
      response.writeHead(200, { 'Content-Type': TYPES['.toml'], 'Content-Security-Policy': CSP, 'Cache-Control': 'no-cache' });
      return response.end(override);
    }
    try {
      if (!(await stat(target)).isFile()) throw new Error('not a file');
      response.writeHead(200, { 'Content-Type': TYPES[extname(target)] ?? 'application/octet-stream', 'Content-Security-Policy': CSP, 'Cache-Control': 'no-cache' });
      response.end(await readFile(target));
    } catch {
      response.writeHead(404).end('not found');
    }
  }

  async function body(request) {
    const parts = [];
    for await (const part of request) parts.push(part);
    return Buffer.concat(parts).toString('utf8');
  }

  async function toRalph(method, path, headers, text) {
    try {
      const answer = await fetch(`${ralphUrl()}${path}`, { method, headers, body: text || undefined });
      return [answer.status, await answer.text()];
    } catch {
      return [502, 'the LRS is not answering'];
    }
  }

  const server = createServer(async (request, response) => {
    const url = new URL(request.url, 'http://localhost');
    const json = (status, value) => response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(value));
    if (url.pathname.startsWith('/pkg/')) return file(packages, url.pathname.slice(5), response);
    if (url.pathname.startsWith('/dist/')) return file(dist, url.pathname.slice(6), response, settings(base));
    if (url.pathname === '/return') return response.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>Back in the LMS</title><h1>Back in the LMS</h1>');
    if (url.pathname.startsWith('/fetch/')) {
      if (request.method !== 'POST') return json(405, {});
      const id = url.pathname.slice(7);
      const count = (state.fetches.get(id) ?? 0) + 1;
      state.fetches.set(id, count);
      if (count > 1) return json(200, { 'error-code': '1', 'error-text': 'The authorization token has already been returned.' });
      return json(200, { 'auth-token': Buffer.from(`${ralph.user}:${ralph.password}`).toString('base64') });
    }
    if (url.pathname === '/xapi/activities/state') {
      const launch = state.launches.get(url.searchParams.get('registration'));
      const ok = launch && url.searchParams.get('stateId') === 'LMS.LaunchData'
        && url.searchParams.get('activityId') === launch.activityId
        && JSON.stringify(JSON.parse(url.searchParams.get('agent'))) === JSON.stringify(launch.actor)
        && request.headers.authorization === `Basic ${Buffer.from(`${ralph.user}:${ralph.password}`).toString('base64')}`;
      return ok ? json(200, launch.launchData) : json(404, { error: 'no such state' });
    }
    if (url.pathname === '/xapi/statements') {
      const headers = { 'X-Experience-API-Version': '1.0.3', 'Content-Type': 'application/json' };
      if (request.headers.authorization) headers.Authorization = request.headers.authorization;
      const text = await body(request);
      const [status, answer] = await toRalph(request.method, `statements${url.search}`, headers, text);
      if (request.method !== 'GET') state.statements += 1;
      if (request.method === 'POST' && state.loseNext > 0 && status < 300) {
        // The LRS has it, but the answer never reaches the app.
        state.loseNext -= 1;
        return json(502, { error: 'the answer was lost' });
      }
      return response.writeHead(status, { 'Content-Type': 'application/json' }).end(answer);
    }
    response.writeHead(404).end('not found');
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${server.address().port}/`;

  /** The LMS launches an AU: its launch data, its `launched` statement, and the URL. */
  async function launch({ pkg, activityId, launchMode = 'Normal', masteryScore = 0.7, hash = '' }) {
    const registration = randomUUID();
    const session = randomUUID();
    const actor = { objectType: 'Agent', account: { homePage: 'https://lms.force.example', name: `learner-${registration.slice(0, 8)}` } };
    const contextTemplate = {
      contextActivities: { grouping: [{ id: activityId }] },
      extensions: { 'https://w3id.org/xapi/cmi5/context/extensions/sessionid': session },
    };
    const launchData = { contextTemplate, launchMode, masteryScore, moveOn: 'CompletedAndPassed', returnURL: `${base}return` };
    state.launches.set(registration, { activityId, actor, launchData });
    const launched = {
      id: randomUUID(),
      actor,
      verb: { id: 'http://adlnet.gov/expapi/verbs/launched', display: { 'en-US': 'launched' } },
      object: { id: activityId, objectType: 'Activity' },
      context: {
        ...contextTemplate,
        registration,
        contextActivities: { ...contextTemplate.contextActivities, category: [{ id: 'https://w3id.org/xapi/cmi5/context/categories/cmi5' }] },
        extensions: {
          ...contextTemplate.extensions,
          'https://w3id.org/xapi/cmi5/context/extensions/launchmode': launchMode,
          'https://w3id.org/xapi/cmi5/context/extensions/moveon': 'CompletedAndPassed',
          'https://w3id.org/xapi/cmi5/context/extensions/masteryscore': masteryScore,
        },
      },
      timestamp: new Date().toISOString(),
    };
    const auth = `Basic ${Buffer.from(`${ralph.user}:${ralph.password}`).toString('base64')}`;
    const [status, answer] = await toRalph('POST', 'statements', { Authorization: auth, 'X-Experience-API-Version': '1.0.3', 'Content-Type': 'application/json' }, JSON.stringify(launched));
    if (status >= 300) throw new Error(`Ralph refused the launched statement: ${status} ${answer}`);
    const query = new URLSearchParams({
      endpoint: `${base}xapi/`, fetch: `${base}fetch/${session}`, actor: JSON.stringify(actor), registration, activityId,
    });
    return { url: `${base}pkg/${pkg}/index.html?${query}${hash}`, registration, session, actor, launchedId: launched.id };
  }

  return { server, base, state, launch };
}
