// Listing filters without a round trip: delivery, audience, "within my remaining budget"
// and sort by price, over the offer cards already on the page (a listing of several pages
// links to the search page for all of them). Without script the form stays hidden and every
// offer shows.
import { load, money, onChange, pence, remaining } from "./shortlist.js";

const form = document.querySelector("[data-offer-filters]");
const items = [...document.querySelectorAll("main .cards > li")].filter((li) => li.querySelector(".card"));

function matches(card, filters, left, chosen) {
  const words = (name) => (card.dataset[name] || "").split(" ");
  return (
    (!filters.delivery || words("delivery").includes(filters.delivery)) &&
    (!filters.audience || words("audiences").includes(filters.audience)) &&
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
    hint.replaceChildren("Set a budget on ", Object.assign(document.createElement("a"), {
      href: new URL("../shortlist/", import.meta.url).href,
      textContent: "your shortlist",
    }), " to use this.");
  } else {
    const currency = form.dataset.currency;
    hint.textContent = left >= 0
      ? `(${money(left, currency)} left of ${money(pence(state.budget), currency)})`
      : `(${money(-left, currency)} over budget)`;
  }
}

function apply() {
  const state = load();
  const left = remaining(state);
  budgetHint(state, left);
  const filters = {
    delivery: form.elements.delivery.value,
    audience: form.elements.audience.value,
    budget: form.elements.budget.checked,
  };
  const chosen = new Set(state.items.map((item) => item.key));
  let shown = 0;
  for (const li of items) {
    li.hidden = !matches(li.querySelector(".card"), filters, left, chosen);
    shown += !li.hidden;
  }
  sortLists(form.elements.sort.value);
  const where = form.dataset.pages ? " on this page" : "";
  form.querySelector("[data-filter-status]").textContent = `Showing ${shown} of ${items.length} offers${where}`;
}

function start() {
  if (!form || !items.length) return;
  items.forEach((li, index) => (li.dataset.position = index));
  // only offer audiences that some offer here is for
  for (const option of [...form.elements.audience.options].slice(1)) {
    if (!items.some((li) => li.querySelector(".card").dataset.audiences.split(" ").includes(option.value))) {
      option.remove();
    }
  }
  form.addEventListener("change", apply);
  form.addEventListener("submit", (event) => event.preventDefault());
  onChange(apply);
  form.hidden = false;
  apply();
}

start();
