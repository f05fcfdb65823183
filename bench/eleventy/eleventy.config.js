// Eleventy configuration for the peer build of bench/peer.py. It runs in a converted site folder,
// bench/out/eleventy-<N>/ (the Markdown content plus a copy of site/), as
//   node node_modules/@11ty/eleventy/cmd.cjs --config <this file> --input . --output <dir> --pathprefix /<path>/
import yaml from "js-yaml";

import {
  areaOffers,
  buildCatalogue,
  exportRecord,
  formatMoney,
  longDate,
  matchesFor,
  offerJsonLd,
  priceGroups,
} from "./lib/catalogue.js";

export default function (eleventyConfig) {
  // site.yaml, as in the catalogue, and the small lookup tables are YAML global data.
  eleventyConfig.addDataExtension("yaml", (contents) => yaml.load(contents));

  // Raw HTML in descriptions is escaped, not passed through: the counterpart of build.py's sanitiser
  // (and of Goldmark's unsafe = false in the Hugo peer). Eleventy's default markdown-it allows it.
  eleventyConfig.amendLibrary("md", (md) => md.set({ html: false }));

  // Drafts are not published (Eleventy's documented recipe for a `draft` front matter key).
  eleventyConfig.addPreprocessor("drafts", "md", (data) => (data.draft ? false : undefined));

  eleventyConfig.addPassthroughCopy("static");
  eleventyConfig.addPassthroughCopy("media");

  // Built once per build: offers by category, area, audience and supplier, and each offer's facts.
  eleventyConfig.addCollection("catalogue", buildCatalogue);

  // A page URL as an absolute one: base_url already ends with the path prefix.
  function absolute(url) {
    return this.ctx.site.base_url.replace(/\/$/, "") + url;
  }
  eleventyConfig.addFilter("abs", absolute);
  eleventyConfig.addFilter("exportRecord", function (offer, catalogue) {
    return exportRecord(offer, catalogue, absolute.bind(this));
  });
  eleventyConfig.addFilter("jsonLd", function (offer, catalogue) {
    return offerJsonLd(offer, catalogue, absolute.bind(this));
  });
  eleventyConfig.addFilter("areaOffers", areaOffers);
  eleventyConfig.addFilter("priceGroups", priceGroups);
  eleventyConfig.addFilter("matches", matchesFor);
  eleventyConfig.addFilter("money", formatMoney);
  eleventyConfig.addFilter("longDate", longDate);
  eleventyConfig.addFilter("newest", (offers, count) =>
    [...offers].sort((a, b) => b.date - a.date).slice(0, count),
  );
  eleventyConfig.addFilter("rfc822", (date) => date.toUTCString());
}

export const config = {
  templateFormats: ["md", "njk"],
  // Descriptions are content, not templates: no Liquid pass over the Markdown (Hugo has none either).
  markdownTemplateEngine: false,
  htmlTemplateEngine: "njk",
};
