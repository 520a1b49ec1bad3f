// Loads the checker module (dist/checker/) the first time it is needed and
// passes it the app's request. A same-origin module import and a wasm
// instantiation: both allowed by script-src 'self' 'wasm-unsafe-eval'.
let checker;

function load() {
  checker ??= import(new URL('checker/checker.js', document.baseURI).href).then(async (module) => {
    await module.default();
    return module;
  });
  return checker;
}

export async function check(request) {
  return (await load()).check(request);
}

export async function guidance(text) {
  return (await load()).guidance(text);
}
