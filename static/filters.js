// Listing filters without a round trip (who it is for, category, area, language, delivery, a
// maximum price, "within my remaining budget", sort by price) over every offer of the listing, on
// whichever of its pages they are chosen. A listing of several pages fetches, when first needed,
// its offers' keys (data-listing) and every offer's card (data-cards, one file for all listings)
// and shows the matches in place of the page's cards, a page at a time. The choices are kept in
// the address (?language=pl&max=300). When nothing matches, the form says where to look instead.
// Without script the form stays hidden and the listing's pages show as before.
import { _, ngettext, pageUrl } from "./i18n.js";
import { addButtons, inWords, load, money, onChange, pence, remaining } from "./shortlist.js";

const form = document.querySelector("[data-offer-filters]");
const results = document.querySelector("[data-filter-results]");
const pageItems = [...document.querySelectorAll("main .cards > li")].filter((li) => li.querySelector(".card"));
const NAMES = ["delivery", "audience", "category", "area", "language", "max", "sort"];
const PER_PAGE = 24; // matches shown at a time, as a page of the listing (catalogue/site/listings.py)
const wholeListing = Boolean(form?.dataset.listing); // several pages: filter every one of them
let listing = null; // a promise of the li of each offer of the listing, in its order (or null: failed)
let limit = PER_PAGE;

function matches(card, filters, left, chosen) {
  const words = (name) => (card.dataset[name] || "").split(" ");
  return (
    (!filters.delivery || words("delivery").includes(filters.delivery)) &&
    (!filters.audience || words("audiences").includes(filters.audience)) &&
    (!filters.category || card.dataset.category === filters.category) &&
    (!filters.area || words("areas").includes(filters.area) || words("delivery").includes("online")) &&
    (!filters.language || words("languages").includes(filters.language)) &&
    (filters.max === "" || pence(card.dataset.price) <= pence(filters.max)) &&
    // offers already on the shortlist stay, so adding one never hides the button just pressed
    (!filters.budget || left === null || chosen.has(card.dataset.offer) || pence(card.dataset.price) <= left)
  );
}

const cardOf = (li) => li.querySelector(".card");
const price = (li) => pence(cardOf(li).dataset.price);

function byPrice(order) {
  return (a, b) => (order === "asc" ? price(a) - price(b) : order === "desc" ? price(b) - price(a) : 0)
    || a.dataset.position - b.dataset.position;
}

function sortLists(order) {
  for (const list of form.ownerDocument.querySelectorAll("main [data-listing-page].cards, main [data-listing-page] .cards")) {
    const children = [...list.children];
    children.sort(byPrice(order));
    // moving a node drops focus from the button inside it, so only move when the order changed
    if (children.some((child, i) => child !== list.children[i])) list.append(...children);
  }
}

// --- the whole listing ----------------------------------------------------------------------

async function fetchJson(address) {
  const response = await fetch(address);
  if (!response.ok) throw new Error(`${address}: ${response.status}`);
  return response.json();
}

// The cards' links are relative to the file they come from.
function rebase(element, base) {
  const absolute = (url) => new URL(url, base).href;
  for (const node of element.querySelectorAll("[href]")) node.setAttribute("href", absolute(node.getAttribute("href")));
  for (const node of element.querySelectorAll("img[src]")) node.setAttribute("src", absolute(node.getAttribute("src")));
  for (const node of element.querySelectorAll("img[srcset]")) {
    const sources = node.getAttribute("srcset").split(",").map((source) => source.trim().split(/\s+/));
    node.setAttribute("srcset", sources.map(([url, size]) => [absolute(url), size].filter(Boolean).join(" ")).join(", "));
  }
}

// The cards come with an h2 title; a listing under a heading of its own has them one level down.
function retitle(card, level) {
  const title = card.querySelector(".card-title");
  if (!title || title.tagName.toLowerCase() === level) return;
  const heading = document.createElement(level);
  heading.className = title.className;
  heading.append(...title.childNodes);
  title.replaceWith(heading);
}

// What the listing adds to a card (how the offer reaches its area), where the page's own cards have it.
function addNote(card, note) {
  if (note) card.querySelector(".card-summary")?.after(Object.assign(document.createElement("p"), { className: "card-note", textContent: note }));
}

async function listingItems() {
  const [held, all] = await Promise.all([fetchJson(form.dataset.listing), fetchJson(form.dataset.cards)]);
  const base = new URL(form.dataset.cards, document.baseURI);
  const template = document.createElement("template");
  // The cards are the site's own markup, rendered and escaped as the pages' own are.
  template.innerHTML = held.offers.map((key) => `<li>${all.cards[key] || ""}</li>`).join("");
  const items = [...template.content.children];
  items.forEach((li, index) => {
    li.dataset.position = index;
    rebase(li, base);
    retitle(li, form.dataset.heading || "h2");
    addNote(li, held.notes[index]);
  });
  return items.filter(cardOf);
}

// The matches in the list, in order; nodes that stay are not moved, so that focus stays on them.
function fill(list, wanted) {
  const keep = new Set(wanted);
  for (const li of [...list.children]) if (!keep.has(li)) li.remove();
  wanted.forEach((li, i) => {
    if (list.children[i] !== li) list.insertBefore(li, list.children[i] || null);
  });
}

function showPage(whole) {
  if (results) results.hidden = !whole;
  for (const part of document.querySelectorAll("main [data-listing-page]")) part.hidden = whole;
}

function showMatches(matched) {
  const list = results.querySelector(".cards");
  fill(list, matched.slice(0, limit));
  addButtons(list);
  const more = results.querySelector("[data-filter-more]");
  const rest = matched.length - list.children.length;
  more.hidden = rest <= 0;
  more.textContent = ngettext("Show %(num)s more offer", "Show %(num)s more offers", Math.min(rest, PER_PAGE));
  showPage(true);
}

function showMore() {
  const list = results.querySelector(".cards");
  const first = list.children.length;
  limit += PER_PAGE;
  apply().then(() => list.children[first]?.querySelector(".card-title a")?.focus());
}

// --- the form -------------------------------------------------------------------------------

function budgetHint(state, left) {
  const hint = form.querySelector("[data-budget-hint]");
  const box = form.elements.budget;
  box.disabled = left === null;
  if (left === null) {
    box.checked = false;
    const shortlist = Object.assign(document.createElement("a"), {
      href: pageUrl("shortlist/").href,
      textContent: _("your shortlist"),
    });
    hint.replaceChildren(...inWords(_("Set a budget on %(shortlist)s to use this."), { shortlist }));
  } else {
    const currency = form.dataset.currency;
    hint.textContent = left >= 0
      ? _("(%(left)s left of %(budget)s)", { left: money(left, currency), budget: money(pence(state.budget), currency) })
      : _("(%(over)s over budget)", { over: money(-left, currency) });
  }
}

function chosenFilters() {
  const value = (name) => form.elements[name]?.value || "";
  const max = value("max");
  return {
    delivery: value("delivery"),
    audience: value("audience"),
    category: value("category"),
    area: value("area"),
    language: value("language"),
    max: max !== "" && Number(max) >= 0 ? max : "",
    budget: form.elements.budget.checked,
  };
}

// The choices in the address, and in the links to the search page and to a wider listing.
function keepInAddress() {
  const params = new URLSearchParams(window.location.search);
  for (const name of NAMES) {
    const value = form.elements[name]?.value || "";
    if (value) params.set(name, value);
    else params.delete(name);
  }
  const query = params.toString();
  window.history.replaceState(null, "", query ? `?${query}` : window.location.pathname);
  for (const link of form.querySelectorAll("[data-keep-filters]")) {
    const target = new URL(link.href);
    target.search = query;
    link.href = target.href;
  }
}

function label(name) {
  const control = form.elements[name];
  return control?.selectedOptions?.[0]?.textContent || "";
}

// Search filters by the labels the offer pages give it, on top of the listing's own (its
// category or area); a maximum price it cannot take, so the results come cheapest first.
function searchLinks(filters) {
  for (const link of form.querySelectorAll("[data-search-filters]")) {
    const target = new URL(link.href);
    link.dataset.base ??= target.search;
    const params = new URLSearchParams(link.dataset.base);
    for (const name of ["category", "area", "audience", "delivery", "language"]) {
      if (filters[name]) params.set(name, label(name));
    }
    if (filters.max !== "" || form.elements.sort.value) params.set("sort", form.elements.sort.value || "asc");
    target.search = params.toString();
    link.href = target.href;
  }
}

// When nothing matches, the offers here that miss by one choice, and which choice: another
// category for the same people within the price, then a higher price, then elsewhere.
const RELAX = ["category", "max", "budget", "area", "audience", "language", "delivery"];

function why(name, card) {
  const price = card.querySelector(".card-price").textContent.trim();
  const lang = document.documentElement.lang || "en";
  return {
    category: () => _("another category: %(category)s; %(price)s", {
      category: card.querySelector(".facts li").textContent.trim(), price,
    }),
    max: () => _("%(price)s, above your maximum", { price }),
    budget: () => _("%(price)s, above your remaining budget", { price }),
    area: () => _("not in %(area)s", { area: label("area") }),
    audience: () => _("not listed for %(audience)s", { audience: label("audience").toLocaleLowerCase(lang) }),
    language: () => _("not delivered in %(language)s", { language: label("language") }),
    delivery: () => _("delivered another way"),
  }[name]();
}

function nearest(items, filters, left, chosen) {
  const list = form.querySelector("[data-filter-near]");
  const found = new Map();
  for (const name of RELAX.filter((name) => filters[name])) {
    const looser = { ...filters, [name]: name === "budget" ? false : "" };
    const near = items.map(cardOf).filter((card) => matches(card, looser, left, chosen));
    near.sort((a, b) => pence(a.dataset.price) - pence(b.dataset.price));
    for (const card of near) if (!found.has(card)) found.set(card, why(name, card));
  }
  const shown = [...found].slice(0, 3).map(([card, reason]) => {
    const title = card.querySelector(".card-title a");
    const li = document.createElement("li");
    const offer = Object.assign(document.createElement("a"), { href: title.href, textContent: title.textContent });
    li.append(...inWords(_("%(offer)s (%(reason)s)"), { offer, reason }));
    return li;
  });
  list.replaceChildren(...shown);
  list.previousElementSibling.hidden = list.hidden = !shown.length;
}

// Every offer of the listing once fetched; until then (or if it cannot be), this page's.
async function offersHere(wanted) {
  if (!wholeListing || !wanted) return { items: pageItems, whole: false };
  listing ??= listingItems().catch(() => null);
  const items = await listing;
  return items ? { items, whole: true } : { items: pageItems, whole: false, pageOnly: true };
}

function status(shown, total, filtered, pageOnly) {
  if (!filtered) {
    const all = pageOnly ? total : Number(form.dataset.total) || total;
    return ngettext("%(num)s offer here", "%(num)s offers here", all);
  }
  if (pageOnly) {
    return ngettext("%(num)s of the %(total)s offers on this page matches", "%(num)s of the %(total)s offers on this page match", shown, { total });
  }
  return ngettext("%(num)s of the %(total)s offers here matches", "%(num)s of the %(total)s offers here match", shown, { total });
}

async function apply() {
  const state = load();
  const left = remaining(state);
  budgetHint(state, left);
  const filters = chosenFilters();
  const order = form.elements.sort.value;
  const filtered = Object.values(filters).some(Boolean);
  const { items, whole, pageOnly } = await offersHere(filtered || order);
  const chosen = new Set(state.items.map((item) => item.key));
  const matched = items.filter((li) => matches(cardOf(li), filters, left, chosen));
  if (whole) {
    showMatches(matched.sort(byPrice(order)));
  } else {
    const shown = new Set(matched);
    for (const li of pageItems) li.hidden = !shown.has(li);
    sortLists(order);
    showPage(false);
  }
  form.querySelector("[data-filter-status]").textContent = status(matched.length, items.length, filtered, pageOnly);
  form.querySelector("[data-filter-none]").hidden = matched.length > 0;
  if (!matched.length) nearest(items, filters, left, chosen);
  keepInAddress();
  searchLinks(filters);
}

// One choice is nothing to choose, unless the address asked for it: then it shows why nothing
// matches. (The build offers only choices some offer of the whole listing has.)
function hideSingleChoice(name, asked) {
  const control = form.elements[name];
  if (control && control.options.length < 3 && !asked) control.closest("p").hidden = true;
}

function start() {
  if (!form || !pageItems.length) return;
  pageItems.forEach((li, index) => (li.dataset.position = index));
  const params = new URLSearchParams(window.location.search);
  for (const name of ["audience", "category", "area", "language"]) hideSingleChoice(name, params.get(name));
  for (const name of NAMES) {
    const control = form.elements[name];
    if (control && params.has(name)) control.value = params.get(name);
  }
  const again = () => {
    limit = PER_PAGE;
    apply();
  };
  form.addEventListener("change", again);
  form.addEventListener("input", (event) => event.target.name === "max" && again());
  form.addEventListener("submit", (event) => event.preventDefault());
  results?.querySelector("[data-filter-more]").addEventListener("click", showMore);
  onChange(apply);
  // On a phone the choices come folded (the page is drawn so), so the offers start on the first
  // screen, unless the address already asked for some; wider screens show them open.
  const asked = NAMES.some((name) => params.get(name));
  if (asked || !window.matchMedia("(max-width: 40em)").matches) form.querySelector("[data-filter-choices]").open = true;
  form.hidden = false;
  apply();
}

start();
