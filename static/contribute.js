/* The "Add an offer" form: checks the answers against the rules the page was built with
   (data-* attributes from the offer schema), shows every problem next to its field and in
   a summary, then writes the offer file as YAML and a link to GitHub's "new file" page.
   The file's field names are the schema's, never translated; its values are the supplier's.
   A classic script (the page loads it with defer): its words in the page's language come from
   i18n.js by import(), which the handlers that speak wait for. */
(() => {
  "use strict";
  const form = document.getElementById("offer-form");
  if (!form) return;
  let _; // i18n.js's _(), once loaded (it already is: shortlist.js, on every page, imports it)
  const words = import(new URL("i18n.js", document.currentScript.src)).then((i18n) => (_ = i18n._));
  const byId = (id) => document.getElementById(id);
  const all = (selector, root = form) => [...root.querySelectorAll(selector)];
  const summary = byId("error-summary");
  const summaryList = byId("error-summary-list");
  const result = byId("result");
  const output = byId("yaml-output");
  const status = byId("result-status");
  const github = byId("github-link");
  const pageTitle = document.title;
  const fields = form.dataset.fields.split(" ");

  // Characters YAML refuses, or would read as line breaks, are dropped or escaped.
  const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]/g;
  const text = (el) => {
    const value = el.value.replace(/\r\n?/g, "\n").replace(UNSAFE, "").trim();
    return value.toWellFormed ? value.toWellFormed() : value;
  };
  const quote = (s) =>
    JSON.stringify(s).replace(/[\u2028\u2029\ufeff]/g, (c) => "\\u" + c.charCodeAt(0).toString(16));
  const realDate = (s) => {
    const date = new Date(s + "T00:00:00Z");
    return !isNaN(date) && date.toISOString().slice(0, 10) === s;
  };
  const checked = (name) => all(`input[name="${name}"]:checked`).map((input) => input.value);
  // A price row is started once any answer in it is given (a checkbox counts when ticked).
  const given = (el) => (el.type === "checkbox" ? el.checked : text(el));

  // The offer's id is made from its title, until the supplier writes one of their own.
  const idField = form.elements.offer_id;
  const titleField = form.elements.title;
  const slug = (s) =>
    s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+/, "").slice(0, Number(idField.dataset.maxLength) || 60).replace(/-+$/, "");
  let ownId = false;
  idField.addEventListener("input", () => (ownId = Boolean(idField.value)));
  const fillId = () => ownId || (idField.value = slug(titleField.value));
  titleField.addEventListener("input", fillId);
  // Without script the template is open for those who cannot use the form; with it, the form comes first.
  for (const details of all("[data-template]", document)) details.open = false;

  function problems() {
    const found = [];
    const add = (target, message) => {
      if (!found.some((f) => f.target === target)) found.push({ target, message });
    };
    for (const el of all("input[data-label], select[data-label], textarea[data-label]")) {
      if (el === idField && !ownId && !text(titleField)) continue; // made from the title, whose error says it
      const value = text(el);
      const rule = el.dataset;
      const label = rule.label;
      const number = Number(value);
      if (!value) {
        if (el.validity && el.validity.badInput) {
          add(el, _("%(field)s is not a whole date: give the day, month and year", { field: label }));
        } else if (el.required) add(el, rule.missing);
      } else if (rule.pattern && !new RegExp(rule.pattern).test(value)) {
        // the schema's words for what the pattern asks, after the field's name
        add(el, _("%(field)s %(rule)s", { field: label, rule: rule.patternMessage }));
      } else if (rule.check === "date" && !realDate(value)) {
        add(el, _("%(field)s must be a real date written YYYY-MM-DD, like 2027-03-31", { field: label }));
      } else if (rule.check === "amount" && !/^\d+(\.\d{1,2})?$/.test(value)) {
        add(el, _("%(field)s must be a number of 0 or more with at most 2 decimal places, like 45 or 120.50, with no currency sign or commas", { field: label }));
      } else if (rule.check === "whole" && !/^\d+$/.test(value)) {
        add(el, _("%(field)s must be a whole number, like 12", { field: label }));
      } else if (rule.min && number < Number(rule.min)) {
        // limits as the page writes them in its hints (rule.*: text), and a length written like them
        add(el, _("%(field)s must be %(min)s or more", { field: label, min: rule.min }));
      } else if (rule.max && number > Number(rule.max)) {
        add(el, _("%(field)s must be at most %(max)s", { field: label, max: rule.max }));
      } else if (rule.minLength && [...value].length < Number(rule.minLength)) {
        add(el, _("%(field)s must be at least %(min)s characters long", { field: label, min: rule.minLength }));
      } else if (rule.maxLength && [...value].length > Number(rule.maxLength)) {
        add(el, _("%(field)s must be at most %(max)s characters long; it has %(length)s",
          { field: label, max: rule.maxLength, length: String([...value].length) }));
      }
    }
    for (const group of all("fieldset[data-group][data-required]")) {
      if (!checked(group.dataset.group).length) add(group, group.dataset.missing);
    }
    const areas = byId("f-areas");
    if (checked("delivery").includes("in_person") && !checked("areas").length) add(areas, areas.dataset.missing);
    const rows = all("fieldset[data-row]").filter((row) => all("input, select, textarea", row).some(given));
    for (const row of rows) {
      all("input, select, textarea", row).filter((el) => el.dataset.missing && !text(el)).forEach((el) => add(el, el.dataset.missing));
    }
    const addOns = rows.map((row) => row.querySelector('input[name$=".add_on"]'));
    if (addOns.length && addOns.every((box) => box.checked)) {
      add(addOns[0], _("At least one price must be one that can be booked on its own, not an add-on"));
    }
    const inOrder = (first, last, message) => {
      const [a, b] = [first, last].map((name) => form.elements[name]);
      const [x, y] = [a, b].map((el) => (el.dataset.check === "date" ? text(el) : Number(text(el))));
      if (text(a) && text(b) && !found.some((f) => f.target === a || f.target === b) && y < x) add(b, message);
    };
    inOrder("available_from", "available_until", _("Last day must be on or after the first day"));
    inOrder("group_size.min", "group_size.max", _("Largest group must not be smaller than the smallest group"));
    const position = (a, b) => (a.target.compareDocumentPosition(b.target) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1);
    return found.sort(position);
  }

  const describedBy = (el, extra) => {
    const ids = (el.getAttribute("aria-describedby") || "").split(" ").filter((id) => id && !id.endsWith("-error"));
    if (extra) ids.push(extra);
    if (ids.length) el.setAttribute("aria-describedby", ids.join(" "));
    else el.removeAttribute("aria-describedby");
  };

  function clearErrors() {
    for (const error of all(".field-error")) {
      error.hidden = true;
      error.textContent = "";
    }
    for (const el of all("[aria-invalid]")) el.removeAttribute("aria-invalid");
    for (const el of all(".has-error")) el.classList.remove("has-error");
    for (const el of all("[aria-describedby]")) describedBy(el);
    summaryList.textContent = "";
    summary.hidden = true;
  }

  function showErrors(found) {
    for (const { target, message } of found) {
      const details = target.closest("details");
      if (details) details.open = true; // an answer to correct is never left folded away
      const error = byId(target.id + "-error");
      const prefix = document.createElement("span");
      prefix.className = "visually-hidden";
      prefix.textContent = `${_("Error:")} `;
      error.append(prefix, message);
      error.hidden = false;
      describedBy(target, error.id);
      target.closest(".field, .group").classList.add("has-error");
      const control = target.matches("fieldset") ? target.querySelector("input") : target;
      if (control === target) target.setAttribute("aria-invalid", "true");
      const link = document.createElement("a");
      link.href = "#" + control.id;
      link.textContent = message;
      summaryList.appendChild(document.createElement("li")).appendChild(link);
    }
    summary.hidden = false;
    summary.focus();
    document.title = _("Error: %(title)s", { title: pageTitle });
  }

  // Follow a summary link to its field, keeping the field's question in view.
  summaryList.addEventListener("click", (event) => {
    const link = event.target.closest("a");
    const control = link && byId(link.hash.slice(1));
    if (!control) return;
    event.preventDefault();
    const group = control.closest("fieldset[data-group]");
    const question = group ? group.querySelector("legend") : form.querySelector(`label[for="${control.id}"]`);
    control.focus({ preventScroll: true });
    (question || control).scrollIntoView();
  });

  function answers() {
    const data = {};
    for (const el of all("input, select, textarea")) {
      const path = el.name.split(".");
      if (!fields.includes(path[0])) continue;
      let value;
      if (el.type === "checkbox" || el.type === "radio") {
        if (!el.checked || !el.value) continue;
        value = "yaml" in el.dataset ? JSON.parse(el.dataset.yaml) : el.value;
      } else {
        value = text(el);
        if (!value) continue;
        if (el.dataset.list) {
          value = value.split(el.dataset.list === "lines" ? "\n" : ",").map((s) => s.trim()).filter(Boolean);
          if (!value.length) continue;
        } else if (el.dataset.check === "amount" || el.dataset.check === "whole") {
          value = Number(value);
        }
      }
      let node = data;
      path.slice(0, -1).forEach((key, i) => {
        node = node[key] = node[key] || (/^\d+$/.test(path[i + 1]) ? [] : {});
      });
      const key = path[path.length - 1];
      if (el.type === "checkbox" && el.closest("[data-group]")) (node[key] = node[key] || []).push(value);
      else node[key] = value;
    }
    if (data.prices) data.prices = data.prices.filter(Boolean);
    return Object.fromEntries(fields.filter((key) => key in data).map((key) => [key, data[key]]));
  }

  // Strings are always double-quoted (JSON escapes are YAML escapes), so YAML reads them as text.
  const scalar = (value) => (typeof value === "string" ? quote(value) : String(value));
  function yamlLines(object, pad) {
    const lines = [];
    for (const [key, value] of Object.entries(object)) {
      if (Array.isArray(value)) {
        lines.push(`${pad}${key}:`);
        for (const item of value) {
          if (typeof item !== "object") lines.push(`${pad}  - ${scalar(item)}`);
          else yamlLines(item, pad + "    ").forEach((line, i) => lines.push(i ? line : `${pad}  - ${line.trim()}`));
        }
      } else if (typeof value === "object") {
        lines.push(`${pad}${key}:`, ...yamlLines(value, pad + "  "));
      } else {
        lines.push(`${pad}${key}: ${scalar(value)}`);
      }
    }
    return lines;
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    await words;
    clearErrors();
    status.textContent = "";
    fillId();
    const found = problems();
    if (found.length) {
      result.hidden = true;
      showErrors(found);
      return;
    }
    document.title = pageTitle;
    const yaml = [form.dataset.header, ...yamlLines(answers(), "")].join("\n") + "\n";
    output.value = yaml;
    if (github) {
      const folder = `content/suppliers/${encodeURIComponent(form.elements.supplier.value)}/offers`;
      const file = encodeURIComponent(text(form.elements.offer_id) + ".yaml");
      github.href = `https://github.com/${form.dataset.repository}/new/${form.dataset.branch}/${folder}?filename=${file}&value=${encodeURIComponent(yaml)}`;
    }
    result.hidden = false;
    status.textContent = github
      ? _("Your offer file is ready below: check it, then add it on GitHub or copy it.")
      : _("Your offer file is ready below: check it, then copy it.");
  });

  byId("copy-yaml").addEventListener("click", () => {
    output.select();
    if (navigator.clipboard) {
      Promise.all([navigator.clipboard.writeText(output.value), words]).then(() => {
        status.textContent = _("The offer file is copied: paste it into a new file.");
      });
    }
  });
})();
