// Starts the app from an external module, so the page needs no inline
// script and runs under `script-src 'self' 'wasm-unsafe-eval'`. Trunk
// (pattern_script in Trunk.toml) writes the hashed file names into the
// preload links this reads.
//
// First, it asks for the data the first view needs (listed by the page in
// <meta name="app-data">, and a deep link's scenario or guidance), so those
// requests run while the code downloads and compiles; the app takes these
// responses instead of asking again (src/app/fetch.rs, `send`).
const data = document.querySelector('meta[name="app-data"]');
if (data) {
  const urls = data.content.split(' ');
  const opened = /^#\/(?:play|scenario)\/([a-z0-9-]+)/.exec(location.hash);
  if (opened) urls.push(`compiled/${opened[1]}.bin`, `scenarios/${opened[1]}.toml`);
  if (location.hash.startsWith('#/guidance')) urls.push('compiled/guidance.bin', 'scenarios/guidance.toml');
  window.appData = new Map(urls.map((url) => [url, fetch(url, { cache: 'no-cache' })]));
}
const js = document.querySelector('link[data-app="js"]').href;
const wasm = document.querySelector('link[data-app="wasm"]').href;
const app = await import(js);
await app.default({ module_or_path: wasm });
