// Loads the guidance module (dist/guidance/) the first time a guidance page
// opens and has it draw the page, so neither the guidance nor the code
// that draws it is in the officer's first load. Allowed by script-src 'self'
// 'wasm-unsafe-eval', like the checker module.
let pages;

export async function showGuidance(container, slug, focus) {
  pages ??= import(new URL('guidance/guidance.js', document.baseURI).href).then(async (module) => {
    await module.default();
    return module;
  });
  return (await pages).show(container, slug, focus);
}
