// Loads the pages module (dist/pages/) the first time a report or the
// record page opens, and has it draw the page in the container the app
// gives it, so neither page is in the first load. Allowed by script-src
// 'self' 'wasm-unsafe-eval', like the other modules. A failed import is
// forgotten, so the next page tries again.
let pages;

function load() {
  pages ??= import(new URL('pages/pages.js', document.baseURI).href)
    .then(async (module) => {
      await module.default();
      return module;
    })
    .catch((error) => {
      pages = undefined;
      throw error;
    });
  return pages;
}

// `call` is the app's encoded message (app::pages::PageCall).
export async function showPage(container, call, act) {
  const module = await load();
  return module.show(container, call, act);
}

export function hidePage(container) {
  pages?.then((module) => module.hide(container), () => {});
}

// At the end of a run, so "See your report" opens at once; a failure is
// reported when the page itself asks.
export function warmPages() {
  load().catch(() => {});
}
