// Loads the checker module (dist/checker/) the first time it is needed and
// passes it the app's request. A same-origin module import and a wasm
// instantiation: both allowed by script-src 'self' 'wasm-unsafe-eval'.
let checker;

export async function check(request) {
  checker ??= import(new URL('checker/checker.js', document.baseURI).href).then(async (module) => {
    await module.default();
    return module;
  });
  return (await checker).check(request);
}
