// Starts the app from an external module, so the page needs no inline
// script and runs under `script-src 'self' 'wasm-unsafe-eval'`. Trunk
// (pattern_script in Trunk.toml) writes the hashed file names into the
// preload links this reads.
const js = document.querySelector('link[data-app="js"]').href;
const wasm = document.querySelector('link[data-app="wasm"]').href;
const app = await import(js);
await app.default({ module_or_path: wasm });
