// Ralph LRS 5.1.0 for the tests: installed by .ci/install-tools in a Python
// virtual environment (.tools/ralph), started here on loopback with its
// filesystem backend, stopped and started again at will.

import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { ROOT } from '../support.mjs';

const RALPH = process.env.RALPH ?? `${ROOT}.tools/ralph/bin/ralph`;
const PYTHON = `${ROOT}.tools/ralph/bin/python`;
const SERVER = fileURLToPath(new URL('./ralph_server.py', import.meta.url));

async function freePort() {
  const probe = createServer();
  await new Promise((done) => probe.listen(0, '127.0.0.1', done));
  const { port } = probe.address();
  await new Promise((done) => probe.close(done));
  return port;
}

export async function createRalph() {
  const home = mkdtempSync(join(tmpdir(), 'ralph-'));
  const env = {
    ...process.env,
    RALPH_APP_DIR: join(home, 'app'),
    RALPH_RUNSERVER_BACKEND: 'fs',
    RALPH_BACKENDS__DATA__FS__DEFAULT_DIRECTORY_PATH: join(home, 'data'),
    RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH: join(home, 'data'),
  };
  const ralph = { user: 'course-of-conduct', password: 'test-only-secret', port: await freePort(), process: null, log: '' };
  execFileSync(RALPH, ['auth', '-u', ralph.user, '-p', ralph.password, '-s', 'all', '-M', 'mailto:lrs@example.org', '-w'], { env, stdio: 'pipe' });
  const auth = `Basic ${Buffer.from(`${ralph.user}:${ralph.password}`).toString('base64')}`;

  // Ralph's own API app, served by ralph_server.py: `ralph runserver -b fs`
  // in 5.1.0 stores only the first POST (see that file).
  ralph.start = async () => {
    const child = spawn(PYTHON, [SERVER, '127.0.0.1', String(ralph.port)], { env, cwd: home, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d) => { ralph.log += d; });
    child.stderr.on('data', (d) => { ralph.log += d; });
    ralph.process = child;
    for (let i = 0; i < 300; i += 1) {
      try {
        // Any answer at all means it is listening.
        await fetch(`http://127.0.0.1:${ralph.port}/whoami`);
        return;
      } catch { /* not yet */ }
      if (child.exitCode !== null) break;
      await new Promise((done) => setTimeout(done, 100));
    }
    throw new Error(`Ralph did not start:\n${ralph.log}`);
  };

  ralph.stop = async () => {
    const child = ralph.process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await exited;
    ralph.process = null;
  };

  /** Every statement of a registration, oldest first. */
  ralph.statements = async (registration) => {
    const out = [];
    let url = `http://127.0.0.1:${ralph.port}/xAPI/statements?registration=${registration}&limit=500&ascending=true`;
    for (let page = 0; url && page < 20; page += 1) {
      const answer = await fetch(url, { headers: { Authorization: auth, 'X-Experience-API-Version': '1.0.3' } });
      if (!answer.ok) throw new Error(`Ralph answered ${answer.status}: ${await answer.text()}`);
      const result = await answer.json();
      out.push(...result.statements);
      url = result.more ? new URL(result.more, `http://127.0.0.1:${ralph.port}`).href : null;
    }
    return out;
  };

  return ralph;
}
