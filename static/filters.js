// Listing filters without a round trip: who it is for, category, area, delivery, a maximum
// price, "within my remaining budget" and sort by price, over the offer cards already on the
// page (a listing of several pages links to the search page for all of them). The choices are
// kept in the address (?audience=older-people&max=300), so a filtered list can be shared or
// come back to. When nothing matches, the form says where to look instead. Without script the
// form stays hidden and every offer shows.
import { _, ngettext, pageUrl } from "./i18n.js";
import { inWords, load, money, onChange, pence, remaining } from "./shortlist.js";

const form = document.querySelector("[data-offer-filters]");
const items = [...document.querySelectorAll("main .cards > li")].filter((li) => li.querySelector(".card"));
const NAMES = ["delivery", "audience", "category", "area", "max", "sort"];

function matches(card, filters, left, chosen) {
  const words = (name) => (card.dataset[name] || "").split(" ");
  return (
    (!filters.delivery || words("delivery").includes(filters.delivery)) &&
    (!filters.audience || words("audiences").includes(filters.audience)) &&
    (!filters.category || card.dataset.category === filters.category) &&
    (!filters.area || words("areas").includes(filters.area) || words("delivery").includes("online")) &&
    (filters.max === "" || pence(card.dataset.price) <= pence(filters.max)) &&
    // offers already on the shortlist stay, so adding one never hides the button just pressed
    (!filters.budget || left === null || chosen.has(card.dataset.offer) || pence(card.dataset.price) <= left)
  );
}

function sortLists(order) {
  for (const list of form.ownerDocument.querySelectorAll("main .cards")) {
    const children = [...list.children];
    const price = (li) => pence(li.querySelector(".card").dataset.price);
    children.sort((a, b) => (order === "asc" ? price(a) - price(b) : order === "desc" ? price(b) - price(a) : 0)
      || a.dataset.position - b.dataset.position);
    // moving a node drops focus from the button inside it, so only move when the order changed
    if (children.some((child, i) => child !== list.children[i])) list.append(...children);
  }
}

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
    for (const name of ["category", "area", "audience", "delivery"]) {
      if (filters[name]) params.set(name, label(name));
    }
    if (filters.max !== "" || form.elements.sort.value) params.set("sort", form.elements.sort.value || "asc");
    target.search = params.toString();
    link.href = target.href;
  }
}

// When nothing matches, the offers here that miss by one choice, and which choice: another
// category for the same people within the price, then a higher price, then elsewhere.
const RELAX = ["category", "max", "budget", "area", "audience", "delivery"];

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
    delivery: () => _("delivered another way"),
  }[name]();
}

function nearest(filters, left, chosen) {
  const list = form.querySelector("[data-filter-near]");
  const found = new Map();
  for (const name of RELAX.filter((name) => filters[name])) {
    const looser = { ...filters, [name]: name === "budget" ? false : "" };
    const near = items.map((li) => li.querySelector(".card")).filter((card) => matches(card, looser, left, chosen));
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

function apply() {
  const state = load();
  const left = remaining(state);
  budgetHint(state, left);
  const filters = chosenFilters();
  const chosen = new Set(state.items.map((item) => item.key));
  let shown = 0;
  for (const li of items) {
    li.hidden = !matches(li.querySelector(".card"), filters, left, chosen);
    shown += !li.hidden;
  }
  sortLists(form.elements.sort.value);
  form.querySelector("[data-filter-status]").textContent = form.dataset.pages
    ? ngettext("Showing %(shown)s of %(num)s offer on this page", "Showing %(shown)s of %(num)s offers on this page",
      items.length, { shown })
    : ngettext("Showing %(shown)s of %(num)s offer", "Showing %(shown)s of %(num)s offers", items.length, { shown });
  form.querySelector("[data-filter-none]").hidden = shown > 0;
  if (!shown) nearest(filters, left, chosen);
  keepInAddress();
  searchLinks(filters);
}

// Only the choices some offer here has: no filter that can only empty the list.
function prune(name, has, asked) {
  const control = form.elements[name];
  if (!control) return;
  for (const option of [...control.options].slice(1)) {
    if (option.value !== asked && !items.some((li) => has(li.querySelector(".card").dataset, option.value))) {
      option.remove();
    }
  }
  // One choice is nothing to choose, unless the address asked for it: then it shows why nothing matches.
  if (control.options.length < 3 && !asked) control.closest("p").hidden = true;
}

function start() {
  if (!form || !items.length) return;
  items.forEach((li, index) => (li.dataset.position = index));
  const params = new URLSearchParams(window.location.search);
  prune("audience", (card, id) => card.audiences.split(" ").includes(id), params.get("audience"));
  prune("category", (card, id) => card.category === id, params.get("category"));
  prune("area", (card, id) => card.areas.split(" ").includes(id), params.get("area"));
  for (const name of NAMES) {
    const control = form.elements[name];
    if (control && params.has(name)) control.value = params.get(name);
  }
  form.addEventListener("change", apply);
  form.addEventListener("input", (event) => event.target.name === "max" && apply());
  form.addEventListener("submit", (event) => event.preventDefault());
  onChange(apply);
  // On a phone the choices fold away, so the offers start on the first screen, unless the
  // address already asked for some.
  const asked = NAMES.some((name) => params.get(name));
  if (!asked && window.matchMedia("(max-width: 40em)").matches) form.querySelector("[data-filter-choices]").open = false;
  form.hidden = false;
  apply();
}

start();
