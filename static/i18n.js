// The scripts' words in the page's language, from the same message catalogues as the pages
// (catalogue/locale/<code>/LC_MESSAGES/messages.po). A page in a language other than English
// names its words' module on <html data-words="cy">; the build writes static/words/cy.js from
// the catalogue. Message ids are the English words, so English pages load nothing more.
const page = document.documentElement;
const code = page.dataset.words;
const words = code ? (await import(new URL(`./words/${code}.js`, import.meta.url))).default : {};
const plurals = new Intl.PluralRules(page.lang || "en");
const numbers = new Intl.NumberFormat(page.lang || "en");
const root = new URL("../", import.meta.url); // the site root, wherever the site is hosted

/** A message in the page's language; %(name)s takes values[name] (numbers as the language writes them). */
export function _(text, values = {}) {
  const found = words[text];
  return format(typeof found === "string" ? found : text, values);
}

/** A message that depends on a count: "1 offer", "3 offers" (Welsh has six forms); %(num)s is the count. */
export function ngettext(one, many, count, values = {}) {
  const forms = words[one];
  let text = count === 1 ? one : many;
  if (forms && typeof forms === "object") text = forms[plurals.select(count)] ?? forms.other ?? text;
  return format(text, { num: count, ...values });
}

/** A page of the site ("shortlist/", relative to the site root) in this page's language: pages in
 * a language other than the main one live under its folder, named on <html data-prefix="cy/">. */
export function pageUrl(path) {
  return new URL((page.dataset.prefix || "") + path, root);
}

function format(text, values) {
  return text.replace(/%\((\w+)\)s/g, (whole, name) => {
    if (!(name in values)) return whole;
    const value = values[name];
    return typeof value === "number" ? numbers.format(value) : String(value);
  });
}
