/* skillmatch web pages: helpers shared by the learner page (app.js) and the team page (team.js).
 *
 * Plain JavaScript modules, no libraries, no build step: each page loads its entry module, which
 * imports these helpers by name. Elements are built with createElement and textContent (never
 * innerHTML); widths and colours are set through the CSSOM, which the Content-Security-Policy allows.
 */

/** The element with this id. */
export const $ = (id) => document.getElementById(id);

export const FORMAT_NAMES = {
  online: "online",
  online_self_paced: "online, self-paced",
  online_live: "online, live",
  in_person: "in person",
  hybrid: "hybrid",
};
export const number = new Intl.NumberFormat("en", { maximumFractionDigits: 2 });

/** An element with attributes (class, text, data-*, aria-*, on* handlers) and children. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function debounce(fn, ms) {
  let timer = 0;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/** A span as wide as `fraction` of its container. */
export function widthSpan(cls, fraction) {
  const span = el("span", { class: cls });
  span.style.width = `${Math.max(0, Math.min(1, fraction)) * 100}%`;
  return span;
}

export const plural = (n, word) => (n ? `${n} ${word}${n === 1 ? "" : "s"}` : "");
export const pct = (x) => `${Math.round(x * 100)}%`;
export const points = (x) => `${Math.round(x * 100)}`;
export const money = (amount, currency) => `${number.format(amount)} ${currency}`;
export const hours = (h) => (h === null || h === undefined ? "hours unknown" : `${number.format(h)} hours`);
export const formatName = (f) => (f ? FORMAT_NAMES[f] || f.replace(/_/g, " ") : "format unknown");

export function cost(credential) {
  if (credential.is_free) return "free";
  if (credential.cost === null || credential.cost === undefined) return "price unknown";
  return money(credential.cost, credential.currency);
}

export function safeUrl(url) {
  if (!url) return null;
  try {
    const parsed = new URL(url, window.location.href);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

/** A credential's title, a link to the provider's page when the catalog gives a safe one. */
export function titleOf(credential, tag) {
  const url = safeUrl(credential.url);
  const title = url ? el("a", { href: url, rel: "noopener noreferrer", target: "_blank", text: credential.title })
    : el("span", { text: credential.title });
  return el(tag, { class: "credential-title" }, title,
    url ? el("span", { class: "visually-hidden", text: " (opens the provider's page in a new tab)" }) : null);
}

export function splitList(text) {
  return text.split(/[,;\n]/).map((s) => s.trim()).filter(Boolean);
}

export async function getJson(url, signal, headers = {}) {
  const response = await fetch(url, { headers: { Accept: "application/json", ...headers }, signal });
  if (!response.ok) throw new Error(`${response.status}`);
  return response.json();
}

export function fillOptions(datalist, values) {
  datalist.replaceChildren(...values.map(([value, label]) => el("option", { value, label: label || null })));
}

/** A section of an answer with its heading. */
export function section(id, title, ...children) {
  return el("section", { class: "part", id, "aria-labelledby": `${id}-title` },
    el("h3", { id: `${id}-title`, text: title }), ...children);
}

/** The constraints of the API from the fields both pages share (currency, format, level, language,
 * free_only), with the budget and hours already read as numbers (undefined: no limit). */
export function constraintsOf(maxCost, maxHours) {
  const value = (id) => document.getElementById(id).value;
  const constraints = {};
  if (maxCost !== undefined) constraints.max_cost = maxCost;
  const currency = value("currency").trim().toUpperCase();
  if (currency) constraints.currency = currency;
  if (maxHours !== undefined) constraints.max_hours = maxHours;
  if (value("format")) constraints.formats = [value("format")];
  if (value("level")) constraints.levels = [value("level")];
  const languages = splitList(value("language"));
  if (languages.length) constraints.languages = languages;
  if (document.getElementById("free_only").checked) constraints.free_only = true;
  return constraints;
}

/** Errors shown in ``form``: the boxes next to fields, one for the whole form (#form-error). */
export function formErrors(form) {
  return {
    clear() {
      for (const box of form.querySelectorAll(".error")) {
        box.hidden = true;
        box.replaceChildren();
      }
      for (const input of form.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
      for (const row of form.querySelectorAll(".row-invalid")) row.classList.remove("row-invalid");
    },
    showForm(message) {
      const box = document.getElementById("form-error");
      box.append(el("p", { text: message }));
      box.hidden = false;
    },
    focusFirst() {
      const first = form.querySelector("[aria-invalid]");
      if (first) first.focus();
    },
  };
}
