// What the templates need beyond one page's own data, built once per build from the collections:
// the counterpart of Hugo's taxonomies (offers by category, area, audience and supplier) and of
// bench/hugo's offer-data partial, which Hugo caches per offer (prices, price band, delivery...).

const collator = new Intl.Collator("en");
const money = new Intl.NumberFormat("en-GB", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const MONTHS = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
];

/** A to Z by title, then by URL so that offers with the same title keep one order. */
export const byTitle = (a, b) =>
  collator.compare(a.data.title, b.data.title) || (a.url < b.url ? -1 : a.url > b.url ? 1 : 0);

export function formatMoney(amount) {
  return money.format(amount);
}

/** "2026-08-03" (or a Date) as "3 August 2026". */
export function longDate(value) {
  const text = value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
  const [year, month, day] = text.split("-").map(Number);
  return `${day} ${MONTHS[month - 1]} ${year}`;
}

function termIndex(list, plural) {
  return Object.fromEntries((list ?? []).map((term) => [term.id, { ...term, url: `/${plural}/${term.id}/` }]));
}

function groupBy(items, ids) {
  const groups = {};
  for (const item of items) {
    for (const id of ids(item) ?? []) {
      (groups[id] ??= []).push(item);
    }
  }
  return groups;
}

function offerFacts(offer, data, terms, suppliers) {
  const { units, price_bands: bands, build } = data;
  const fields = offer.data;
  let low = -1;
  const prices = (fields.prices ?? []).map((price) => {
    const amount = Number(price.amount);
    if (low < 0 || amount < low) low = amount;
    return {
      text: amount === 0 ? "Free" : `£${formatMoney(amount)} ${units[price.unit]}`,
      label: price.label,
      notes: price.notes,
      data: `${price.amount} ${price.unit}`,
    };
  });
  let from = "Free";
  if (low !== 0) from = prices.length > 1 ? `From £${formatMoney(low)}` : prices[0].text;
  const band = bands.find((b) => low >= b.low && (b.high < 0 || low <= b.high)) ?? bands[4];
  const delivery = fields.delivery ?? [];
  const online = delivery.includes("online");
  const inPerson = delivery.includes("in_person");
  const areas = (fields.areas ?? []).map((id) => terms.areas[id]).filter(Boolean);
  return {
    key: `${fields.supplier}/${offer.fileSlug}`,
    supplier: suppliers[fields.supplier],
    category: terms.categories[fields.category],
    areas,
    audiences: (fields.audiences ?? []).map((id) => terms.audiences[id]).filter(Boolean),
    area_labels: areas.map((area) => area.label).join(", "),
    low,
    prices,
    from,
    band,
    online,
    in_person: inPerson,
    delivery: online && inPerson ? "In person or online" : online ? "Online" : "In person",
    upcoming: Boolean(fields.available_from) && String(fields.available_from) > build.today,
  };
}

/** The `catalogue` collection: every lookup the templates make, keyed by id or by page URL. */
export function buildCatalogue(collectionApi) {
  const all = collectionApi.getAll();
  const data = all[0]?.data ?? {}; // global data (site.yaml, units...), the same on every page
  const site = data.site ?? {};
  const offers = [...collectionApi.getFilteredByTag("offers")].sort(byTitle);
  const supplierPages = [...collectionApi.getFilteredByTag("suppliers")].sort(byTitle);
  const organisations = [...collectionApi.getFilteredByTag("organisations")].sort(byTitle);
  const terms = {
    categories: termIndex(site.categories, "categories"),
    areas: termIndex(site.areas, "areas"),
    audiences: termIndex(site.audiences, "audiences"),
  };
  const areasByLabel = Object.values(terms.areas).sort((a, b) => collator.compare(a.label, b.label));
  const suppliers = Object.fromEntries(supplierPages.map((page) => [page.fileSlug, page]));
  const facts = {};
  for (const offer of offers) facts[offer.url] = offerFacts(offer, data, terms, suppliers);
  return {
    offers,
    offerAt: Object.fromEntries(offers.map((offer) => [offer.url, offer])),
    online: offers.filter((offer) => facts[offer.url].online),
    suppliers,
    supplierPages,
    organisations,
    terms,
    regions: areasByLabel.filter((area) => !area.parent),
    // Areas by the region containing them, A to Z.
    children: groupBy(areasByLabel, (area) => (area.parent ? [area.parent] : [])),
    facts,
    byCategory: groupBy(offers, (offer) => [offer.data.category]),
    byArea: groupBy(offers, (offer) => offer.data.areas),
    byAudience: groupBy(offers, (offer) => offer.data.audiences),
    bySupplier: groupBy(offers, (offer) => [offer.data.supplier]),
  };
}

/** In-person offers of an area page: those in the area, the region containing it or an area it contains. */
export function areaOffers(area, catalogue) {
  const ids = [area.id, ...(area.parent ? [area.parent] : [])];
  for (const child of catalogue.children[area.id] ?? []) ids.push(child.id);
  const found = new Set(ids.flatMap((id) => catalogue.byArea[id] ?? []));
  return [...found].sort(byTitle);
}

/** Offers grouped by the band of their lowest price, cheapest first within a band. */
export function priceGroups(offers, catalogue, bands) {
  return bands
    .map((band) => ({
      band,
      offers: offers
        .filter((offer) => catalogue.facts[offer.url].band.id === band.id)
        .sort((a, b) => catalogue.facts[a.url].low - catalogue.facts[b.url].low),
    }))
    .filter((group) => group.offers.length);
}

/**
 * The best offers for an organisation, as build.py's matches_for and bench/hugo's organisation page:
 * in its interests or for the people it works with, and online or in person in its area or a
 * region containing it; scored 4 for an interest, 2 per audience, 1 for local, then A to Z.
 */
export function matchesFor(organisation, catalogue, limit = 24) {
  const area = catalogue.terms.areas[organisation.area];
  const places = [organisation.area, ...(area?.parent ? [area.parent] : [])];
  const interests = organisation.interests ?? [];
  const audiences = organisation.works_with ?? [];
  const candidates = new Set([
    ...interests.flatMap((id) => catalogue.byCategory[id] ?? []),
    ...audiences.flatMap((id) => catalogue.byAudience[id] ?? []),
  ]);
  const scored = [];
  for (const offer of candidates) {
    const facts = catalogue.facts[offer.url];
    const local = facts.in_person && (offer.data.areas ?? []).some((id) => places.includes(id));
    if (!local && !facts.online) continue;
    let score = 2 * (offer.data.audiences ?? []).filter((id) => audiences.includes(id)).length;
    if (interests.includes(offer.data.category)) score += 4;
    if (local) score += 1;
    scored.push({ offer, score, title: offer.data.title.toLowerCase() });
  }
  scored.sort((a, b) => b.score - a.score || collator.compare(a.title, b.title));
  return { best: scored.slice(0, limit).map((item) => item.offer), total: scored.length };
}

/** An offer as the JSON export lists it. */
export function exportRecord(offer, catalogue, absolute) {
  const fields = offer.data;
  return {
    key: catalogue.facts[offer.url].key,
    url: absolute(offer.url),
    title: fields.title,
    summary: fields.summary,
    supplier: fields.supplier,
    category: fields.category,
    prices: fields.prices,
    delivery: fields.delivery,
    areas: fields.areas ?? [],
    audiences: fields.audiences ?? [],
    updated: offer.date.toISOString().slice(0, 10),
  };
}

/** The schema.org description in an offer page's head, safe inside a script element. */
export function offerJsonLd(offer, catalogue, absolute) {
  const fields = offer.data;
  const supplier = catalogue.facts[offer.url].supplier;
  const value = {
    "@context": "https://schema.org",
    "@type": "Service",
    name: fields.title,
    description: fields.summary,
    url: absolute(offer.url),
    provider: { "@type": "Organization", name: supplier.data.title, url: absolute(supplier.url) },
    offers: (fields.prices ?? []).map((price) => ({
      "@type": "Offer",
      price: Number(price.amount).toFixed(2),
      priceCurrency: "GBP",
      description: price.label ?? "",
    })),
  };
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
}
