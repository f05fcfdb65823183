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

// Pagefind lists filter values in byte order ("£1,000 and over" before "£100–£499") and the
// component UI can only keep that order or sort alphabetically or by count: put the price
// bands back in price order, as the page lists them in data-price-bands.
const priceBands = JSON.parse(sortControl?.dataset.priceBands || "[]");

function inPriceOrder(filters) {
  const price = filters?.price;
  if (!price) return filters;
  const ordered = {};
  for (const band of [...priceBands, ...Object.keys(price)]) {
    if (band in price && !(band in ordered)) ordered[band] = price[band];
  }
  return { ...filters, price: ordered };
}

// The component UI does not pass a sort to Pagefind, so wrap its search call; the filters
// it gets back, from a search or on their own, come in price order.
function wrapEngine(engine) {
  return {
    ...engine,
    async search(term, options = {}) {
      const sort = sortControl && sortControl.value ? { price: sortControl.value } : undefined;
      const result = await engine.search(term, sort ? { ...options, sort } : options);
      if (!result) return result;
      return { ...result, filters: inPriceOrder(result.filters), totalFilters: inPriceOrder(result.totalFilters) };
    },
    async filters() {
      return inPriceOrder(await engine.filters());
    },
  };
}

// Wrap Pagefind when the component UI loads it; if it already has, wrap it now and show the
// filters again in price order.
function hookEngine(instance) {
  let engine = instance.__pagefind__;
  if (engine) {
    instance.__pagefind__ = wrapEngine(engine);
    showFiltersAgain(instance);
    return;
  }
  Object.defineProperty(instance, "__pagefind__", {
    configurable: true,
    enumerable: true,
    get: () => engine,
    set: (value) => {
      engine = value ? wrapEngine(value) : value;
    },
  });
}

async function showFiltersAgain(instance) {
  if (instance.searchTerm) return; // the filters of the next search come in price order
  const filters = await instance.__pagefind__.filters();
  instance.availableFilters = filters;
  instance.totalFilters = filters;
  instance.__dispatch__("filters", { available: filters, total: filters });
}

whenReady(
  () => window.PagefindComponents?.getInstanceManager?.().getInstance("default"),
  (instance) => {
    hookEngine(instance);
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
    sortControl?.addEventListener("change", () => instance.triggerSearch(currentTerm(instance)));
  },
);
