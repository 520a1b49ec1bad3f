// The checker module's door (dist/checker/answers.js, beside checker.js and
// checker_bg.wasm). The app's doors to its modules (src/app/modules.js)
// import this file only when the force's files differ from what this
// release compiled, so
// neither the answers kept in this browser nor the checker are in the
// officer's first load. A same-origin module import and a wasm
// instantiation: both allowed by script-src 'self' 'wasm-unsafe-eval'.
let checker;

// The checker's files, asked for with the release tag this door was asked
// for with (src/app/modules.js, `moduleFile`).
function beside(file) {
  const url = new URL(file, import.meta.url);
  url.search = new URL(import.meta.url).search;
  return url.href;
}

function load() {
  checker ??= import(beside('checker.js')).then(async (module) => {
    await module.default({ module_or_path: beside('checker_bg.wasm') });
    return module;
  });
  return checker;
}

const MAX_ENTRIES = 8;
// Characters of answers kept, well under a browser's ~5 million: the
// officer's records share the quota and come first.
const MAX_CHARS = 1 << 20;

// cyrb53, a 53-bit non-cryptographic hash: crypto.subtle exists only in
// secure contexts, and many intranets serve the app over plain http. The
// key also holds the request's length, and the files come from the force's
// own server, so an accidental collision is all there is to guard against.
function cyrb53(bytes) {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < bytes.length; i++) {
    h1 = Math.imul(h1 ^ bytes[i], 2654435761);
    h2 = Math.imul(h2 ^ bytes[i], 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

function toBase64(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function fromBase64(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

// Answers are kept gzipped, a third of the size (text compresses well), where
// the browser has CompressionStream; gzip's own checksum and length mean a
// damaged entry (cut short, changed) fails to inflate and is not used.
async function pipe(bytes, Stream) {
  const stream = new Blob([bytes]).stream().pipeThrough(new Stream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

// An entry is "<time last used>:<answer gzipped, in base64>". Every storage
// call may throw (storage blocked, quota full): then the answer is simply
// not kept, and the checker is asked as if nothing was.
async function recall(key) {
  try {
    const entry = localStorage.getItem(key);
    if (entry === null) return null;
    const answer = entry.slice(entry.indexOf(':') + 1);
    const bytes = await pipe(fromBase64(answer), DecompressionStream);
    try {
      localStorage.setItem(key, `${Date.now()}:${answer}`);
    } catch {
      // Still a good answer; it only stays as old as it was.
    }
    return bytes;
  } catch {
    return null;
  }
}

async function keep(prefix, key, bytes) {
  try {
    const entry = `${Date.now()}:${toBase64(await pipe(bytes, CompressionStream))}`;
    if (entry.length > MAX_CHARS) return;
    const kept = [];
    for (let i = 0; i < localStorage.length; i++) {
      const name = localStorage.key(i);
      if (name?.startsWith(prefix) && name !== key) {
        const value = localStorage.getItem(name) ?? '';
        kept.push({ name, used: parseInt(value, 10) || 0, size: value.length });
      }
    }
    // The most recently used first, as many as fit beside the new answer.
    kept.sort((a, b) => b.used - a.used);
    let size = entry.length;
    kept.forEach((old, i) => {
      size += old.size;
      if (i + 1 >= MAX_ENTRIES || size > MAX_CHARS) localStorage.removeItem(old.name);
    });
    localStorage.setItem(key, entry);
  } catch {
    // Not kept: the next visit asks the checker again.
  }
}

// `prefix` is where answers are kept (the loader's `CACHE`); `version` the
// checker's (publish::CHECKER_VERSION); `request` an encoded
// publish::CheckRequest. Resolves to the encoded answer, from this browser's
// copy when the same checker has already answered the same request.
export async function check(prefix, version, request) {
  const key = `${prefix}${version}.${cyrb53(request).toString(36)}.${request.length}`;
  const kept = await recall(key);
  if (kept) return kept;
  const answer = (await load()).check(request);
  // Not waited for: the app has its answer, and keep() never fails.
  keep(prefix, key, answer);
  return answer;
}

export async function guidance(text) {
  return (await load()).guidance(text);
}
