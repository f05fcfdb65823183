// Search page: start from ?q= (and any filters and sort in the query string) and let people sort
// results by price.
// Pagefind's component UI draws the box, filters and results; this connects the
// query string and the sort control to it.
import { _ } from "./i18n.js";
import { addButtons } from "./shortlist.js";

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
  const price = filters?.[FILTERS.price];
  if (!price) return filters;
  const ordered = {};
  for (const band of [...priceBands, ...Object.keys(price)]) {
    if (band in price && !(band in ordered)) ordered[band] = price[band];
  }
  return { ...filters, [FILTERS.price]: ordered };
}

// A large catalogue's index comes in parts, each a price range, cheapest first: the first in the
// bundle the component UI loads, the others in the bundles listed in data-parts. Pagefind
// searches them together once merged; each is tagged with a filter of its own (PART_FILTER),
// so that a sort by price can take each part's results in its order, one part after the other.
const PART_FILTER = "search-part";
const config = document.querySelector("pagefind-config");
const bundle = config ? new URL(config.getAttribute("bundle-path") || "/pagefind/", document.baseURI) : null;
const parts = (config?.dataset.parts || "").split(" ").filter(Boolean);

async function mergeParts(engine) {
  if (!parts.length) return;
  await engine.options({ mergeFilter: { [PART_FILTER]: "1" } });
  for (const [index, part] of parts.entries()) {
    await engine.mergeIndex(new URL(part, bundle).pathname, {
      baseUrl: config.getAttribute("base-url") || "/",
      mergeFilter: { [PART_FILTER]: String(index + 2) },
    });
  }
}

// Without the parts' own filter, and each filter's values in the order one index gives them.
function withoutPart(filters) {
  if (!filters || !parts.length) return filters;
  const shown = {};
  for (const [name, values] of Object.entries(filters)) {
    if (name === PART_FILTER) continue;
    shown[name] = Object.fromEntries(Object.entries(values).sort(([a], [b]) => (a < b ? -1 : 1)));
  }
  return shown;
}

// Pagefind merges parts by score, which for a sort is a place in one part's own order: sorted,
// every part is searched on its own and their results follow each other, cheapest part first
// or last; the counts come from the search of them all.
async function searchSorted(engine, term, options, sort) {
  const numbers = [1, ...parts.map((_, index) => index + 2)];
  const [all, ...each] = await Promise.all([
    engine.search(term, options),
    ...numbers.map((number) => {
      const filters = { ...options.filters, [PART_FILTER]: String(number) };
      return engine.search(term, { ...options, filters, sort: { price: sort } });
    }),
  ]);
  if (!all || each.some((answer) => !answer)) return null;
  const lists = each.map((answer) => answer.results);
  return { ...all, results: (sort === "desc" ? lists.reverse() : lists).flat() };
}

// The component UI does not pass a sort to Pagefind, so wrap its search call; the filters
// it gets back, from a search or on their own, come in price order.
function wrapEngine(engine) {
  const merged = mergeParts(engine);
  const shown = (filters) => inPriceOrder(withoutPart(filters));
  return {
    ...engine,
    async search(term, options = {}) {
      await merged;
      const sort = sortControl && sortControl.value ? sortControl.value : "";
      let result;
      if (sort && parts.length) result = await searchSorted(engine, term, options, sort);
      else result = await engine.search(term, sort ? { ...options, sort: { price: sort } } : options);
      if (!result) return result;
      return { ...result, filters: shown(result.filters), totalFilters: shown(result.totalFilters) };
    },
    async filters() {
      await merged;
      return shown(await engine.filters());
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

// A listing of several pages links here to filter or sort all its offers: ?category=Arts&sort=asc.
// The values are the filters' labels, as the offer pages give them to Pagefind.
// The filters are named in the page's language (offer pages name them so for Pagefind); the
// address names them in English whatever the language, so that a link works in every one.
const FILTERS = {
  category: _("category"),
  area: _("area"),
  audience: _("audience"),
  delivery: _("delivery"),
  language: _("language"),
  price: _("price"),
};

function filtersAsked() {
  const asked = {};
  for (const [key, name] of Object.entries(FILTERS)) {
    const values = params.getAll(key).filter(Boolean);
    if (values.length) asked[name] = values;
  }
  return asked;
}

// Pagefind's own words (its summary, buttons and hints), from the site's catalogue on pages in a
// language other than English; [COUNT], [SEARCH_TERM] and [DIFFERENT_TERM] are Pagefind's.
function pagefindWords() {
  return {
    clear_search: _("Clear"),
    load_more: _("Load more results"),
    search_label: _("Search this site"),
    filters_label: _("Filters"),
    zero_results: _("No results for [SEARCH_TERM]"),
    many_results: _("[COUNT] results for [SEARCH_TERM]"),
    one_result: _("[COUNT] result for [SEARCH_TERM]"),
    total_zero_results: _("No results"),
    total_one_result: _("[COUNT] result"),
    total_many_results: _("[COUNT] results"),
    alt_search: _("No results for [SEARCH_TERM]. Showing results for [DIFFERENT_TERM] instead"),
    search_suggestion: _("No results for [SEARCH_TERM]. Try one of the following searches:"),
    searching: _("Searching for [SEARCH_TERM]..."),
    results_label: _("Search results"),
    keyboard_navigate: _("navigate"),
    keyboard_select: _("select"),
    keyboard_clear: _("clear"),
    keyboard_close: _("close"),
    keyboard_search: _("search"),
    error_search: _("Search failed"),
    filter_selected_one: _("[COUNT] selected"),
    filter_selected_many: _("[COUNT] selected"),
    input_hint: _("Results will appear as you type"),
    loading: _("Loading"),
  };
}

whenReady(
  () => window.PagefindComponents?.getInstanceManager?.().getInstance("default"),
  (instance) => {
    if (document.documentElement.dataset.words) instance.setTranslations(pagefindWords());
    hookEngine(instance);
    offerCategories(instance);
    const query = params.get("q") || "";
    const filters = filtersAsked();
    const sort = params.get("sort");
    if (sortControl && (sort === "asc" || sort === "desc")) sortControl.value = sort;
    if (query || Object.keys(filters).length) {
      // With filters and no words, every offer they match is shown (Pagefind's faceted search).
      if (Object.keys(filters).length) instance.faceted = true;
      whenReady(
        () => document.querySelector("pagefind-input input"),
        (input) => {
          input.value = query;
          instance.triggerSearchWithFilters(query, filters);
        },
      );
    }
    sortControl?.addEventListener("change", () => instance.triggerSearch(currentTerm(instance)));
  },
);

// Results are drawn like the site's cards (the template in search/index.html). Each gets a
// shortlist button, the search's words are marked in its summary, and the excerpt from the
// description is kept only where neither the title nor the summary holds those words.
function searchWords() {
  const term = document.querySelector("pagefind-input input")?.value || "";
  return term.toLowerCase().split(/\s+/).filter((word) => word.length > 1);
}

function markWords(element, words) {
  if (!element || !words.length) return false;
  const escaped = words.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const pattern = new RegExp(`\\b(?:${escaped.join("|")})\\w*`, "giu");
  const text = element.textContent;
  const parts = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    parts.push(text.slice(last, match.index), Object.assign(document.createElement("mark"), { textContent: match[0] }));
    last = match.index + match[0].length;
  }
  if (!last) return false;
  element.replaceChildren(...parts, text.slice(last));
  return true;
}

function tidyResults(results) {
  const fresh = results.querySelectorAll("article.result-card:not([data-tidied])");
  if (!fresh.length) return; // the observer also sees the changes made here
  const words = searchWords();
  for (const card of fresh) {
    card.dataset.tidied = "";
    const inSummary = markWords(card.querySelector("[data-summary]"), words);
    const title = card.querySelector(".card-title")?.textContent.toLowerCase() || "";
    if (!words.length || inSummary || words.some((word) => title.includes(word))) {
      card.querySelector("[data-excerpt]")?.remove();
    }
  }
  addButtons(results);
}

const results = document.querySelector("pagefind-results");
if (results) new MutationObserver(() => tidyResults(results)).observe(results, { childList: true, subtree: true });

// A search that finds nothing offers the categories instead of a dead end: when Pagefind's
// summary says there are no results (for words, or for filters alone), whatever its language.
function offerCategories(instance) {
  const none = document.getElementById("search-none");
  if (!none) return;
  let term = "";
  instance.on("search", (searched) => (term = searched || ""));
  instance.on("loading", () => (none.hidden = true));
  instance.on("results", (found) => {
    if (found) none.hidden = Boolean(found.results?.length) || !(term || instance.faceted);
  });
}
