// The shortlist: offers chosen on this device, kept in localStorage. Nothing is sent anywhere.
// This module runs on every page: it adds "Add to shortlist" buttons to offers marked with
// data-offer, keeps the header count up to date, and shares the store with filters.js and
// shortlist-page.js (imported, so it runs once per page).
import { _, ngettext } from "./i18n.js";

export const root = new URL("../", import.meta.url); // the site root, wherever the site is hosted
const KEY = "wellbeing-menu-shortlist:" + root.pathname;
const CHANGE = "shortlist:change";

// unit: [words after a price, a number of it, the label of the box for that number], in the
// page's language; in English as catalogue/content/words.py UNITS (a test holds them together).
export const UNITS = {
  per_session: [_("per session"), (n) => ngettext("%(num)s session", "%(num)s sessions", n), _("Number of sessions")],
  per_block: [_("per block"), (n) => ngettext("%(num)s block", "%(num)s blocks", n), _("Number of blocks")],
  per_person: [_("per person"), (n) => ngettext("%(num)s person", "%(num)s people", n), _("Number of people")],
  per_hour: [_("per hour"), (n) => ngettext("%(num)s hour", "%(num)s hours", n), _("Number of hours")],
  per_day: [_("per day"), (n) => ngettext("%(num)s day", "%(num)s days", n), _("Number of days")],
  per_group: [_("per group"), (n) => ngettext("%(num)s group", "%(num)s groups", n), _("Number of groups")],
  fixed: [_("fixed price"), (n) => ngettext("%(num)s booking", "%(num)s bookings", n), _("Number of bookings")],
};

export const pence = (amount) => Math.round(Number(amount) * 100);

const locale = document.documentElement.lang || "en-GB";
const formats = {};
export function money(p, currency = "GBP") {
  formats[currency] ||= new Intl.NumberFormat(locale, { style: "currency", currency });
  return formats[currency].format(p / 100);
}

const numbers = new Intl.NumberFormat(locale);
export const number = (n) => numbers.format(n);

// A message with elements in it: inWords(_("Set a budget on %(link)s."), { link: anchor }) gives
// the text around each placeholder and the values (elements or text), in the order the language
// puts them. Values are put in after the message is split, so a title's own "%(…)s" stays text.
export function inWords(text, elements) {
  return text.split(/%\((\w+)\)s/).map((part, i) => (i % 2 ? elements[part] ?? "" : part)).filter((part) => part !== "");
}

export function emptyState() {
  return { items: [], budget: "", organisation: "" };
}

export function load() {
  try {
    const state = JSON.parse(localStorage.getItem(KEY));
    if (state && Array.isArray(state.items)) {
      const items = state.items.filter((item) => typeof item?.key === "string" && item.prices?.length);
      return { ...emptyState(), ...state, items };
    }
  } catch {
    // unreadable or blocked storage: start afresh
  }
  return emptyState();
}

export function save(state) {
  try {
    localStorage.setItem(KEY, JSON.stringify(state));
  } catch {
    announce(_("Your browser would not save the shortlist (storage is full or turned off)."));
  }
  document.dispatchEvent(new CustomEvent(CHANGE));
}

export function onChange(listener) {
  document.addEventListener(CHANGE, listener);
  window.addEventListener("storage", (event) => event.key === KEY && listener());
}

// Quantities may be left blank or invalid while typing; they then count as nothing.
export function quantity(item) {
  const n = Number(item.qty);
  return item.qty !== "" && Number.isFinite(n) && n >= 0 ? n : NaN;
}

export function lineTotal(price, item) {
  const n = quantity(item);
  return price && !Number.isNaN(n) ? Math.round(pence(price.amount) * n) : 0;
}

// What is left of the budget (in pence) using the prices saved with each item; null if no budget.
export function remaining(state) {
  if (state.budget === "" || state.budget == null) return null;
  const spent = state.items.reduce((sum, item) => {
    const [amount, unit] = item.prices[item.option] || [];
    return sum + lineTotal(amount == null ? null : { amount, unit }, item);
  }, 0);
  return pence(state.budget) - spent;
}

export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value == null) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? "" : value);
  }
  element.append(...children.flat().filter((c) => c != null && c !== false));
  return element;
}

let status;
export function announce(message) {
  if (!status) return;
  status.textContent = "";
  setTimeout(() => (status.textContent = message), 50);
}

// The smallest quantity a price can be booked in: a saved [amount, unit, minimum, addOn] or an
// offers.json price; items saved before minimums existed have none, so 1.
export const minimum = (price) => Math.max(1, Math.floor(Number(price?.minimum ?? price?.[2])) || 1);

// The price "From £…" names: the lowest that is not an add-on (the first of equals), as on the card.
export function startOption(prices) {
  let best = 0;
  prices.forEach(([amount, , , addOn], i) => {
    const [low, , , lowAddOn] = prices[best];
    if (!addOn && (lowAddOn || amount < low)) best = i;
  });
  return best;
}

// data-prices: "amount unit minimum[ add_on]" for each price, commas between (older pages: "amount unit").
function snapshot(element) {
  const prices = element.dataset.prices.split(",").map((part) => {
    const [amount, unit, least, flag] = part.split(" ");
    return [Number(amount), unit, minimum([0, 0, least]), flag === "add_on"];
  });
  const option = startOption(prices);
  return {
    key: element.dataset.offer,
    title: element.dataset.offerTitle,
    supplier: element.dataset.supplier,
    prices,
    added: new Date().toISOString().slice(0, 10),
    option,
    qty: minimum(prices[option]), // a total that starts at the smallest booking is one that can be booked
  };
}

function toggle(element) {
  const state = load();
  const key = element.dataset.offer;
  const index = state.items.findIndex((item) => item.key === key);
  const title = element.dataset.offerTitle;
  if (index >= 0) state.items.splice(index, 1);
  else state.items.push(snapshot(element));
  save(state);
  const n = state.items.length;
  announce(index >= 0
    ? ngettext("Removed %(title)s. Shortlist: %(num)s offer.", "Removed %(title)s. Shortlist: %(num)s offers.", n, { title })
    : ngettext("Added %(title)s. Shortlist: %(num)s offer.", "Added %(title)s. Shortlist: %(num)s offers.", n, { title }));
}

function paintButton(button, chosen) {
  const title = button.closest("[data-offer]").dataset.offerTitle;
  button.setAttribute("aria-pressed", String(chosen));
  // the name starts with the visible text
  button.setAttribute("aria-label", chosen
    ? _("Remove from shortlist: %(title)s", { title })
    : _("Add to shortlist: %(title)s", { title }));
  button.textContent = chosen ? _("Remove from shortlist") : _("Add to shortlist");
}

function refresh() {
  const chosen = new Set(load().items.map((item) => item.key));
  for (const button of document.querySelectorAll(".shortlist-toggle")) {
    paintButton(button, chosen.has(button.closest("[data-offer]").dataset.offer));
  }
  for (const counter of document.querySelectorAll("[data-shortlist-count]")) {
    counter.textContent = number(chosen.size);
  }
}

function storageWorks() {
  try {
    localStorage.setItem(KEY + ":test", "1");
    localStorage.removeItem(KEY + ":test");
    return true;
  } catch {
    return false;
  }
}

export const available = storageWorks();

// An "Add to shortlist" button on each offer under root that has none yet (search results come
// after the page has loaded).
export function addButtons(root = document) {
  if (!available) return;
  for (const element of root.querySelectorAll("[data-offer]")) {
    if (!element.dataset.offer || element.querySelector(":scope > .shortlist-toggle")) continue;
    const button = el("button", { type: "button", class: "shortlist-toggle no-print" });
    button.addEventListener("click", () => toggle(element));
    element.append(button);
  }
  refresh();
}

function start() {
  if (!available) return; // without storage there is no shortlist: leave the page as it is
  document.documentElement.classList.add("has-shortlist");
  status = el("p", { class: "visually-hidden", role: "status" });
  document.body.append(status);
  for (const element of document.querySelectorAll("[data-shortlist-reveal]")) element.hidden = false;
  addButtons();
  onChange(refresh);
}

start();
