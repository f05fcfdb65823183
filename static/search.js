// Search page: start from ?q= and let people sort results by price.
// Pagefind's component UI draws the box, filters and results; this connects the
// query string and the sort control to it.
const params = new URLSearchParams(window.location.search);
const sortControl = document.getElementById("search-sort");

function whenReady(test, callback) {
  const value = test();
  if (value) {
    callback(value);
  } else {
    window.setTimeout(() => whenReady(test, callback), 50);
  }
}

function currentTerm(instance) {
  const input = document.querySelector("pagefind-input input");
  return input ? input.value : instance.searchTerm || "";
}

// The component UI does not pass a sort to Pagefind, so wrap its search call.
function addSorting(instance) {
  const engine = instance.__pagefind__;
  instance.__pagefind__ = {
    ...engine,
    search(term, options = {}) {
      const sort = sortControl && sortControl.value ? { price: sortControl.value } : undefined;
      return engine.search(term, sort ? { ...options, sort } : options);
    },
  };
}

whenReady(
  () => window.PagefindComponents?.getInstanceManager?.().getInstance("default"),
  (instance) => {
    const query = params.get("q");
    if (query) {
      whenReady(
        () => document.querySelector("pagefind-input input"),
        (input) => {
          input.value = query;
          instance.triggerSearch(query);
        },
      );
    }
    whenReady(() => instance.__pagefind__, () => addSorting(instance));
    sortControl?.addEventListener("change", () => instance.triggerSearch(currentTerm(instance)));
  },
);
