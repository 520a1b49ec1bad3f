// Loads the files module (dist/files/) the first time the officer downloads
// or imports a file, or a record stored as JSON by an earlier version is
// upgraded, so no JSON code is in the first load. Allowed by script-src
// 'self' 'wasm-unsafe-eval', like the other modules. A failed import is
// forgotten, so the next attempt tries again.
let files;

export async function callFiles(name, args) {
  files ??= import(new URL('files/files.js', document.baseURI).href)
    .then(async (module) => {
      await module.default();
      return module;
    })
    .catch((error) => {
      files = undefined;
      throw error;
    });
  return (await files)[name](...args);
}
