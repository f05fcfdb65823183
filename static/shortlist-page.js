// The /shortlist/ page: quantities, totals against a budget, print, copy, CSV, email,
// a side-by-side comparison, and the order as a file for content/orders/. Current prices come
// from shortlist/offers.json in the page's language (offers.json without descriptions); an item
// whose saved prices differ is flagged, and one missing from it has expired or been withdrawn.
import { _, ngettext, pageUrl } from "./i18n.js";
import {
  UNITS, announce, available, el, inWords, lineTotal, load, minimum, money, onChange, pence, quantity, save,
} from "./shortlist.js";

const app = document.getElementById("shortlist");
const $ = (selector) => app.querySelector(selector);
const { currency, contact, siteTitle, repository, branch, orderHeader } = app.dataset;
const fmt = (p) => money(p, currency);
const comparing = new Set();
let offers = null; // key -> offers.json record; null when offers.json could not be read
let state = load();

// --- what each item shows -----------------------------------------------------------

const many = (price, n) => UNITS[price.unit][1](n); // "8 sessions"

// "£85.00 per session, at least 8 sessions"; terms: false leaves out the smallest booking and add-on.
function priceText(price, terms = true) {
  const base = pence(price.amount) === 0
    ? _("Free")
    : _("%(price)s %(unit)s", { price: fmt(pence(price.amount)), unit: UNITS[price.unit][0] });
  const named = price.label ? _("%(price)s (%(label)s)", { price: base, label: price.label }) : base;
  const least = minimum(price);
  const extra = terms
    ? [least > 1 && _("at least %(quantity)s", { quantity: many(price, least) }), price.add_on && _("an add-on")]
    : [];
  return [named, ...extra.filter(Boolean)].join(", ");
}

// What an organisation pays on top (offers.json's vat): nothing (VAT in, or none), VAT, or not said.
function vatText(offer) {
  if (!offer) return "";
  if (offer.vat === "not_registered") return _("No VAT to add: %(name)s is not VAT-registered.", offer.supplier);
  if (offer.vat === "included") return _("Prices include any VAT: nothing to add.");
  if (offer.vat === "added") return _("VAT is added on top.");
  return _("VAT is not stated: ask the supplier.");
}

function samePrices(saved, now) {
  return (
    saved.length === now.length &&
    saved.every(([amount, unit], i) => pence(amount) === pence(now[i].amount) && unit === now[i].unit)
  );
}

function view(item) {
  const current = offers && offers.get(item.key);
  const prices = current
    ? current.prices
    : item.prices.map(([amount, unit, least, addOn]) => ({ amount, unit, minimum: least, add_on: addOn }));
  const gone = Boolean(offers) && !current;
  const option = Math.min(Number(item.option) || 0, prices.length - 1);
  const price = gone ? null : prices[option];
  return {
    item,
    current,
    prices,
    option,
    price,
    gone,
    changed: Boolean(current) && !samePrices(item.prices, current.prices),
    total: lineTotal(price, item),
    title: current ? current.title : item.title,
    supplier: current ? current.supplier.name : item.supplier,
    link: pageUrl(`offers/${item.key}/`).href,
  };
}

function quantityText(v) {
  const n = quantity(v.item);
  return Number.isNaN(n) ? _("quantity not given") : many(v.price, n);
}

const belowMinimum = (v) => v.price && quantity(v.item) > 0 && quantity(v.item) < minimum(v.price);

function budgetText(total) {
  if (state.budget === "") return _("No budget set.");
  const budget = pence(state.budget);
  const left = budget - total;
  return left >= 0
    ? _("%(left)s left of %(budget)s", { left: fmt(left), budget: fmt(budget) })
    : _("%(over)s over budget of %(budget)s", { over: fmt(-left), budget: fmt(budget) });
}

function organisationName() {
  const option = document.getElementById("shortlist-organisation").selectedOptions[0];
  if (!state.organisation || !option) return "";
  // options read "Name (£1,000.00)" when the organisation has a budget
  return option.dataset.budget ? option.textContent.replace(/ \([^(]*\)$/, "") : option.textContent;
}

// --- rendering ------------------------------------------------------------------------

// "1 June 2026", or nothing if the saved date is unreadable
function longDate(iso) {
  const [y, m, d] = String(iso).split("-").map(Number);
  const date = new Date(y, m - 1, d);
  if (Number.isNaN(date.getTime())) return "";
  return new Intl.DateTimeFormat(document.documentElement.lang, { dateStyle: "long" }).format(date);
}

// Words a screen reader says after a control's visible label: "Remove" … "Chair yoga from shortlist".
const unseen = (text) => el("span", { class: "visually-hidden" }, ` ${text}`);
const forOffer = (v) => unseen(_("for %(title)s", { title: v.title }));

function changedSince(v) {
  const changed = el("strong", {}, _("The price has changed"));
  const date = longDate(v.item.added);
  const since = date ? _("%(changed)s since you added this on %(date)s.") : _("%(changed)s since you added this.");
  const was = v.item.prices.map(([amount, unit]) => priceText({ amount, unit })).join("; ");
  const now = v.prices.map((p) => priceText(p, false)).join("; ");
  return [...inWords(since, { changed, date }), " ",
    _("It was %(was)s; it is now %(now)s. The total uses the current price.", { was, now })];
}

function notice(v, index) {
  if (v.gone) {
    return el(
      "p",
      { class: "notice notice-gone" },
      el("strong", {}, _("No longer available.")),
      " ",
      _("This offer has expired or been withdrawn since you added it, so it is not counted in the total."),
    );
  }
  if (v.changed) {
    return el(
      "div",
      { class: "notice" },
      el("p", {}, changedSince(v)),
      el("button", { type: "button", class: "button-secondary", onclick: () => acceptPrices(index) },
        _("Keep the new price"), forOffer(v)),
    );
  }
  if (!offers) {
    const text = _("Could not check the current price; this is the price when you added it.");
    return el("p", { class: "notice" }, text);
  }
  return null;
}

function priceField(v, id) {
  if (v.prices.length === 1) {
    return el("p", {}, inWords(_("Price: %(price)s"), { price: el("strong", {}, priceText(v.price, false)) }));
  }
  const options = v.prices.map((price, i) =>
    el("option", { value: i, selected: i === v.option }, priceText(price)));
  return el("p", {}, el("label", { for: `${id}-option` }, _("Price option")), " ",
    el("select", { id: `${id}-option`, onchange: (e) => setOption(v.item, e.target) }, options));
}

// Units are never converted: the visitor says how many sessions, blocks, people… they need.
function quantityField(v, id) {
  const hours = v.price.unit === "per_hour";
  const least = minimum(v.price);
  const hint = least > 1
    ? _("Smallest booking: %(quantity)s", { quantity: many(v.price, least) })
    : v.price.unit === "fixed" && _("Fixed price: usually 1");
  return el("p", {},
    el("label", { for: `${id}-qty` }, UNITS[v.price.unit][2], forOffer(v)),
    hint && el("span", { class: "hint", id: `${id}-hint` }, hint),
    " ",
    el("input", {
      id: `${id}-qty`, type: "number", min: 0, step: hours ? 0.25 : 1, inputmode: hours ? "decimal" : "numeric",
      value: v.item.qty, class: "quantity", "aria-describedby": hint && `${id}-hint`,
      oninput: (e) => setQuantity(v.item, e.target),
    }));
}

function lineText(v) {
  if (Number.isNaN(quantity(v.item))) return _("Enter a number (0 or more) to count this offer.");
  const line = _("%(quantity)s × %(price)s = %(total)s", {
    quantity: quantityText(v), price: priceText({ ...v.price, label: "" }, false), total: fmt(v.total),
  });
  if (!belowMinimum(v)) return line;
  return _("%(line)s, less than the smallest booking of %(quantity)s", { line, quantity: many(v.price, minimum(v.price)) });
}

function renderItem(v, index) {
  const id = `item-${index}`;
  return el("li", { class: "shortlist-item", "data-key": v.item.key },
    el("h3", {}, el("a", { href: v.link }, v.title)),
    el("p", { class: "muted" }, v.supplier),
    notice(v, index),
    v.price && [
      priceField(v, id),
      v.price.notes && el("p", { class: "muted" }, v.price.notes),
      v.current && el("p", { class: "muted" }, vatText(v.current)),
      quantityField(v, id),
      el("p", { class: "line-total", id: `${id}-total` }, lineText(v)),
    ],
    el("button", { type: "button", class: "button-secondary no-print", onclick: () => removeItem(index) },
      _("Remove"), unseen(_("%(title)s from shortlist", { title: v.title }))),
  );
}

function render() {
  const views = state.items.map(view);
  $("[data-shortlist-items]").replaceChildren(...views.map(renderItem));
  $("[data-shortlist-empty]").hidden = views.length > 0;
  for (const section of app.querySelectorAll("[data-needs-items]")) section.hidden = views.length === 0;
  document.getElementById("shortlist-organisation").value = state.organisation || "";
  document.getElementById("shortlist-budget").value = state.budget;
  for (const key of comparing) if (!views.some((v) => v.item.key === key && !v.gone)) comparing.delete(key);
  renderChoices(views);
  update();
}

// "Total: £1,250.00 of £1,000.00 · £250.00 over"
function totalText(total) {
  if (state.budget === "") {
    const rest = el("span", { class: "budget" }, _("no budget set"));
    return inWords(_("Total: %(total)s · %(rest)s"), { total: fmt(total), rest });
  }
  const left = pence(state.budget) - total;
  const rest = el("span", { class: "budget" },
    left >= 0 ? _("%(left)s left", { left: fmt(left) }) : _("%(over)s over", { over: fmt(-left) }));
  const budget = fmt(pence(state.budget));
  return inWords(_("Total: %(total)s of %(budget)s · %(rest)s"), { total: fmt(total), budget, rest });
}

const titles = (views) => views.map((v) => v.title).join(", ");

// The counted offers by VAT: with VAT on top or not saying, the total may be less than is paid.
function vatOf(views) {
  const counted = views.filter((v) => v.current && v.price);
  const having = (state) => counted.filter((v) => v.current.vat === state);
  return { counted, added: having("added"), unstated: having("not_stated"), notRegistered: having("not_registered") };
}

const nothingToAdd = ({ counted, added, unstated }) => counted.length > 0 && !added.length && !unstated.length;

// For the text and the emails: which offers.
function vatNotes(views) {
  const vat = vatOf(views);
  return [
    vat.added.length && _("VAT is added to the prices of %(titles)s.", { titles: titles(vat.added) }),
    vat.unstated.length && _("VAT is not stated for %(titles)s: ask the supplier.", { titles: titles(vat.unstated) }),
    vat.notRegistered.length &&
      _("Not VAT-registered, so no VAT to add: %(titles)s.", { titles: titles(vat.notRegistered) }),
    nothingToAdd(vat) && _("There is no VAT to add to this total."),
  ].filter(Boolean);
}

// For the summary, short enough to stay in view on a phone: how many (each offer says which).
function vatLine(views) {
  const vat = vatOf(views);
  if (nothingToAdd(vat)) return _("There is no VAT to add to this total.");
  const [added, unstated] = [vat.added.length, vat.unstated.length];
  if (added && unstated) {
    return _("%(added)s; %(unstated)s.", {
      added: ngettext("VAT is added to %(num)s offer", "VAT is added to %(num)s offers", added),
      unstated: ngettext("%(num)s offer does not say if VAT is added", "%(num)s offers do not say if VAT is added", unstated),
    });
  }
  if (added) return ngettext("VAT is added to %(num)s offer.", "VAT is added to %(num)s offers.", added);
  if (unstated) {
    return ngettext("%(num)s offer does not say if VAT is added.", "%(num)s offers do not say if VAT is added.", unstated);
  }
  return "";
}

// The live region: total and budget in words, so the state never depends on colour. On a phone
// it stays at the top of the list as the visitor scrolls (style.css).
function renderSummary(views) {
  const total = totalOf(views);
  const gone = views.filter((v) => v.gone).length;
  const unclear = views.filter((v) => v.price && Number.isNaN(quantity(v.item)));
  const small = views.filter(belowMinimum);
  const summary = $("[data-shortlist-summary]");
  summary.classList.toggle("over-budget", state.budget !== "" && total > pence(state.budget));
  if (!views.length) return summary.replaceChildren();
  summary.replaceChildren(
    el("p", { class: "total" }, totalText(total)),
    ...[
      gone && ngettext("%(num)s offer is no longer available and not counted.",
        "%(num)s offers are no longer available and not counted.", gone),
      unclear.length && _("Not counted until you enter a number: %(titles)s.", { titles: titles(unclear) }),
      small.length && _("Less than the smallest booking: %(titles)s.", { titles: titles(small) }),
      vatLine(views),
    ].filter(Boolean).map((text) => el("p", {}, text)),
  );
}

// Totals, budget, exports and emails: refreshed on every change without rebuilding the list.
function update() {
  const views = state.items.map(view);
  views.forEach((v, index) => {
    const line = document.getElementById(`item-${index}-total`);
    if (line) line.textContent = lineText(v);
  });
  renderSummary(views);
  const subject = organisationName()
    ? _("Shortlist for %(organisation)s (%(site)s)", { organisation: organisationName(), site: siteTitle })
    : _("Shortlist (%(site)s)", { site: siteTitle });
  const order = orderYaml(views);
  const folder = `content/orders/${document.getElementById("shortlist-organisation").value || "<organisation-id>"}/`;
  const body = [asText(views), _("The order, as a file for %(folder)s:", { folder }), order].join("\n\n");
  $("[data-email-coordinators]").href = mailto([contact], subject, body);
  renderOrder(order);
  renderSupplierEmails(views);
  renderComparison(views);
}

// --- changes ----------------------------------------------------------------------

function persist() {
  save(state);
}

function setQuantity(item, input) {
  item.qty = input.value === "" ? "" : Number(input.value);
  input.setAttribute("aria-invalid", String(Number.isNaN(quantity(item))));
  persist();
  update();
}

// A new option starts at its smallest booking, unless the number given is in the same unit and enough.
function setOption(item, select) {
  const before = view(item).price;
  item.option = Number(select.value);
  const after = view(item).price;
  if (after && (after.unit !== before?.unit || quantity(item) < minimum(after))) item.qty = minimum(after);
  persist();
  render();
  document.getElementById(select.id)?.focus();
}

function removeItem(index) {
  const [item] = state.items.splice(index, 1);
  persist();
  render();
  const titles = app.querySelectorAll(".shortlist-item h3 a");
  (titles[index] || titles[index - 1] || document.getElementById("chosen-heading")).focus();
  announce(_("Removed %(title)s from the shortlist.", { title: view(item).title }));
}

function acceptPrices(index) {
  const v = view(state.items[index]);
  v.item.prices = v.current.prices.map((p) => [p.amount, p.unit, p.minimum, p.add_on]);
  persist();
  render();
  app.querySelectorAll(".shortlist-item h3 a")[index]?.focus();
}

function chooseOrganisation(id) {
  const option = [...document.getElementById("shortlist-organisation").options].find((o) => o.value === id);
  if (!option) return;
  state.organisation = id;
  if (option.dataset.budget) state.budget = option.dataset.budget;
  document.getElementById("shortlist-budget").value = state.budget;
}

// --- text, CSV and email ------------------------------------------------------------
// Their words are the page's language; the amounts in the CSV stay plain numbers (12.50) so that
// any spreadsheet reads them as numbers.

function totalOf(views) {
  return views.reduce((sum, v) => sum + v.total, 0);
}

function itemLine(v) {
  if (!v.price) {
    return _("%(title)s — %(supplier)s — no longer available (not counted)", { title: v.title, supplier: v.supplier });
  }
  return [v.title, v.supplier, priceText(v.price, false), quantityText(v), fmt(v.total)].join(" — ");
}

function asText(views) {
  return [
    organisationName()
      ? _("Shortlist for %(organisation)s from %(site)s", { organisation: organisationName(), site: siteTitle })
      : _("Shortlist from %(site)s", { site: siteTitle }),
    "",
    ...views.map(itemLine),
    "",
    _("Total: %(total)s", { total: fmt(totalOf(views)) }),
    _("Budget: %(budget)s", { budget: budgetText(totalOf(views)) }),
    ...vatNotes(views),
  ].join("\n");
}

const FORMULA = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;
function cell(value) {
  const text = value == null ? "" : String(value);
  return `"${(FORMULA.test(text) ? "'" + text : text).replace(/"/g, '""')}"`;
}

function asCsv(views) {
  const amount = (p) => (p / 100).toFixed(2);
  const rows = [
    [_("Offer"), _("Supplier"), _("Price option"), _("Unit price"), _("Unit"), _("Quantity"), _("Line total"), _("Note"), _("Link"), _("VAT")],
  ];
  for (const v of views) {
    const note = v.gone ? _("No longer available; not counted") : v.changed ? _("Price changed since added") : "";
    rows.push(v.price
      ? [v.title, v.supplier, v.price.label || "", amount(pence(v.price.amount)), UNITS[v.price.unit][0],
        Number.isNaN(quantity(v.item)) ? "" : quantity(v.item), amount(v.total), note, v.link, vatText(v.current)]
      : [v.title, v.supplier, "", "", "", "", "", note, v.link]);
  }
  const total = totalOf(views);
  rows.push([], [_("Total"), "", "", "", "", "", amount(total), "", "", vatLine(views)]);
  if (state.budget !== "") {
    const left = pence(state.budget) - total;
    rows.push([_("Budget"), "", "", "", "", "", amount(pence(state.budget))]);
    rows.push([left >= 0 ? _("Left") : _("Over budget"), "", "", "", "", "", amount(Math.abs(left))]);
  }
  if (organisationName()) rows.push([_("Organisation"), organisationName()]);
  return rows.map((row) => row.map(cell).join(",")).join("\r\n") + "\r\n";
}

function mailto(addresses, subject, body) {
  const to = addresses.map((a) => encodeURIComponent(a).replace(/%40/g, "@")).join(",");
  return `mailto:${to}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
}

function supplierEmail(views) {
  const first = views[0].current;
  const lines = views.map((v) => {
    const line = _("%(title)s: %(price)s, %(quantity)s", { title: v.title, price: priceText(v.price, false), quantity: quantityText(v) });
    return `- ${line}\n  ${new URL(v.current.url, location.href).href}`;
  });
  const body = [
    _("Hello %(supplier)s,", { supplier: first.supplier.name }),
    "",
    ngettext("We found this offer on %(site)s and would like to know more:",
      "We found these offers on %(site)s and would like to know more:", views.length, { site: siteTitle }),
    "",
    ...lines,
    "",
    _("Our organisation: %(organisation)s", { organisation: organisationName() }),
    _("Number of people:"),
    _("Dates or times that suit us:"),
    _("Anything you should know (access needs, languages):"),
    "",
    _("Thank you"),
  ].join("\n");
  const subject = views.length === 1
    ? _("Enquiry: %(title)s (%(site)s)", { title: views[0].title, site: siteTitle })
    : ngettext("Enquiry about %(num)s offer (%(site)s)", "Enquiry about %(num)s offers (%(site)s)", views.length, { site: siteTitle });
  const addresses = [...new Set(views.map((v) => v.current.contact.email))];
  return mailto(addresses, subject, body);
}

function renderSupplierEmails(views) {
  const bySupplier = new Map();
  for (const v of views.filter((v) => v.current)) {
    const id = v.current.supplier.id;
    bySupplier.set(id, [...(bySupplier.get(id) || []), v]);
  }
  $("[data-supplier-emails]").replaceChildren(
    ...[...bySupplier.values()].map((group) => el("li", {}, inWords(_("%(email)s about %(titles)s"), {
      email: el("a", { href: supplierEmail(group) }, _("Email %(supplier)s", { supplier: group[0].supplier })),
      titles: titles(group),
    }))),
  );
}

function download(name, text, type) {
  const url = URL.createObjectURL(new Blob(["\ufeff" + text], { type }));
  const link = el("a", { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

async function copyText() {
  const text = asText(state.items.map(view));
  const status = $("[data-share-status]");
  try {
    await navigator.clipboard.writeText(text);
    status.textContent = _("Copied the shortlist as text. Paste it into an email or document.");
  } catch {
    const box = document.getElementById("shortlist-text");
    box.value = text;
    $("[data-copy-fallback]").hidden = false;
    box.select();
    status.textContent =
      _("Your browser did not let this page copy. The text is in the box below, selected: copy it from there.");
  }
}

// --- the order, as a file for content/orders/<organisation-id>/ -----------------------

const today = new Date();
const orderDate = [today.getFullYear(), today.getMonth() + 1, today.getDate()]
  .map((n) => String(n).padStart(2, "0")).join("-");
// JSON's escapes are YAML's: a quoted value is read as text, whatever it holds; a comment ends
// at any line break YAML knows, so titles in comments lose them.
const quoted = (s) => JSON.stringify(String(s)).replace(/[\u2028\u2029\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
const oneLine = (s) => String(s).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]+/g, " ");

// Items with a price and a quantity above 0; the price's label only where the offer has several.
// The field names and values are the order schema's (never translated); the comments are words.
function orderYaml(views) {
  const lines = [orderHeader, `date: "${orderDate}"`, "status: requested", "items:"];
  for (const v of views.filter((v) => v.price && quantity(v.item) > 0)) {
    const comment = _("%(title)s, from %(supplier)s", { title: oneLine(v.title), supplier: oneLine(v.supplier) });
    lines.push(`  # ${oneLine(comment)}`, `  - offer: ${quoted(v.item.key)}`);
    if (v.prices.length > 1 && v.price.label) lines.push(`    price: ${quoted(v.price.label)}`);
    lines.push(`    quantity: ${quantity(v.item)}`, `    amount: ${v.total / 100}`);
  }
  return lines.join("\n") + "\n";
}

function renderOrder(yaml) {
  $("[data-order-yaml]").value = yaml;
  const link = $("[data-order-github]");
  if (!link) return; // site.yaml names no repository
  const organisation = document.getElementById("shortlist-organisation").value;
  $("[data-order-choose]").hidden = Boolean(organisation);
  $("[data-order-link]").hidden = !organisation;
  const folder = `content/orders/${encodeURIComponent(organisation)}`;
  link.href = `https://github.com/${repository}/new/${branch}/${folder}?filename=${orderDate}.yaml&value=${encodeURIComponent(yaml)}`;
}

// --- comparison -------------------------------------------------------------------

function renderChoices(views) {
  const choices = views.filter((v) => v.current);
  $("[data-compare-choices]").replaceChildren(...choices.map((v, i) => el("li", {},
    el("input", { type: "checkbox", id: `compare-${i}`, value: v.item.key, checked: comparing.has(v.item.key),
      onchange: (e) => toggleComparing(v.item.key, e.target.checked) }),
    " ", el("label", { for: `compare-${i}` }, v.title))));
}

function toggleComparing(key, on) {
  if (on) comparing.add(key);
  else comparing.delete(key);
  update();
}

function groupText(size) {
  const { min, max } = size || {};
  if (min && max) return ngettext("%(min)s to %(num)s person", "%(min)s to %(num)s people", max, { min });
  if (max) return ngettext("Up to %(num)s person", "Up to %(num)s people", max);
  return min ? ngettext("At least %(num)s person", "At least %(num)s people", min) : "";
}

function noticeText(days) {
  if (days == null) return "";
  return days === 0 ? _("None") : ngettext("%(num)s day", "%(num)s days", days);
}

// As catalogue/content/words.py DELIVERY; "In person or Online" as the page's language lists them.
const DELIVERY = { in_person: _("In person"), online: _("Online") };
const either = new Intl.ListFormat(document.documentElement.lang || "en", { type: "disjunction" });
const labels = (list) => list.map((t) => t.label || t).join(", ");
const COMPARE_ROWS = [
  [_("Supplier"), (o) => o.supplier.name],
  [_("Price options"), (o) => el("ul", {}, o.prices.map((p) => el("li", {}, priceText(p))))],
  [_("VAT"), vatText],
  [_("Group size"), (o) => groupText(o.group_size)],
  [_("Duration"), (o) => o.duration],
  [_("How it is delivered"), (o) => either.format(o.delivery.map((d) => DELIVERY[d] ?? d))],
  [_("Areas"), (o) => labels(o.areas)],
  [_("Who it is for"), (o) => labels(o.audiences)],
  [_("Languages"), (o) => labels(o.languages)],
  [_("Accessibility"), (o) => o.accessibility],
  [_("Notice needed"), (o) => noticeText(o.lead_time_days)],
];

function renderComparison(views) {
  const chosen = views.filter((v) => comparing.has(v.item.key));
  for (const box of app.querySelectorAll("[data-compare-choices] input")) {
    box.disabled = !box.checked && chosen.length >= 4;
  }
  const table = $("[data-compare-table]");
  $("[data-compare-hint]").textContent = chosen.length < 2
    ? _("Choose at least two offers to see them side by side.")
    : chosen.length >= 4 ? _("You can compare up to four offers at once.") : "";
  table.hidden = chosen.length < 2;
  $("[data-compare-scroll]").hidden = table.hidden;
  if (table.hidden) return table.replaceChildren();
  const offers = chosen.map((v) => v.current);
  table.replaceChildren(el("table", { class: "compare" },
    el("caption", {}, ngettext("Comparing %(num)s offer", "Comparing %(num)s offers", offers.length)),
    el("thead", {}, el("tr", {}, el("th", { scope: "col" }, _("Offer")),
      offers.map((o, i) => el("th", { scope: "col" }, el("a", { href: chosen[i].link }, o.title))))),
    el("tbody", {}, COMPARE_ROWS.map(([label, value]) => el("tr", {}, el("th", { scope: "row" }, label),
      offers.map((o) => el("td", {}, value(o) || _("Not stated")))))),
    el("tfoot", {}, el("tr", {}, el("th", { scope: "row" }, _("Your total")),
      chosen.map((v) => el("td", {}, v.price
        ? _("%(total)s for %(quantity)s", { total: fmt(v.total), quantity: quantityText(v) })
        : _("Not counted")))))));
}

// --- start --------------------------------------------------------------------------

async function loadOffers() {
  try {
    const response = await fetch(pageUrl("shortlist/offers.json")); // each language has its own
    if (!response.ok) throw new Error(response.statusText);
    const data = await response.json();
    offers = new Map(data.offers.map((offer) => [offer.key, offer]));
  } catch {
    offers = null;
  }
}

async function start() {
  document.querySelector("[data-shortlist-fallback]").hidden = true;
  app.hidden = false;
  if (!available) {
    $("[data-shortlist-loading]").textContent =
      _("This browser is not letting the site keep a shortlist (its storage is turned off).");
    return;
  }
  const requested = new URLSearchParams(location.search).get("organisation");
  if (requested) {
    chooseOrganisation(requested);
    persist();
    history.replaceState(null, "", location.pathname);
  }
  document.getElementById("shortlist-organisation").addEventListener("change", (e) => {
    state.organisation = e.target.value;
    chooseOrganisation(e.target.value);
    persist();
    update();
  });
  document.getElementById("shortlist-budget").addEventListener("input", (e) => {
    state.budget = e.target.value;
    persist();
    update();
  });
  app.addEventListener("click", (e) => {
    const action = e.target.closest("[data-action]")?.dataset.action;
    if (action === "print") window.print();
    if (action === "copy") copyText();
    if (action === "csv") {
      download("shortlist.csv", asCsv(state.items.map(view)), "text/csv;charset=utf-8");
      $("[data-share-status]").textContent = _("Downloaded %(file)s.", { file: "shortlist.csv" });
    }
  });
  await loadOffers();
  $("[data-shortlist-loading]").hidden = true;
  render();
  // another tab changed the shortlist: show it (this page's own saves are already shown)
  onChange(() => {
    const saved = JSON.stringify(load());
    if (saved !== JSON.stringify(state)) {
      state = load();
      render();
    }
  });
}

start();
