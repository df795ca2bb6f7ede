/* skillmatch learner page: errors next to the fields they are about.
 *
 * A form problem found in the page, or an error body of the API ({error: {code, message, details[]}}),
 * goes next to the field it names; an unknown role offers the closest roles to pick instead.
 * Calls nothing itself: picking a suggested role sends the form again.
 */
import { $, el, formErrors } from "./common.js";

const form = $("advice");
const roleInput = $("target_role");
const results = $("results");

const FIELD_INPUT = {
  target_role: "target_role", current_role: "current_role", skills: "skill-entry", profile_text: "profile_text",
  max_cost: "max_cost",
  max_hours: "max_hours", format: "format", level: "level", language: "language", limit: "limit",
  free_only: "free_only", held_credentials: "credential-entry",
};

/** The page field an API error detail's `field` names (`constraints.formats` -> format). */
function fieldOf(path) {
  if (!path) return null;
  if (path === "target_role") return "target_role";
  if (path === "current_role") return "current_role";
  if (path.startsWith("skills")) return "skills";
  if (path.startsWith("held_credentials")) return "held_credentials";
  if (path === "profile_text") return "profile_text";
  if (path === "limit") return "limit";
  const constraint = path.replace(/^constraints\./, "").replace(/\[.*$/, "");
  return {
    max_cost: "max_cost", currency: "max_cost", max_hours: "max_hours", formats: "format", levels: "level",
    languages: "language", free_only: "free_only",
  }[constraint] || null;
}

const errors = formErrors(form);
export const clearErrors = errors.clear;
export const showFormError = errors.showForm;
export const focusFirstError = errors.focusFirst;

export function showFieldError(key, messages, suggestions = []) {
  const box = $(`${key}-error`);
  box.append(...messages.map((m) => el("p", { text: m })));
  if (suggestions.length) {
    box.append(el("p", { class: "did-you-mean", text: "Did you mean:" }),
      el("ul", { class: "suggestions" }, suggestions.map((s) => el("li", {},
        el("button", { type: "button", class: "suggestion", onclick: () => useRole(s) }, s)))));
  }
  box.hidden = false;
  $(FIELD_INPUT[key]).setAttribute("aria-invalid", "true");
}

function useRole(label) {
  roleInput.value = label;
  clearErrors();
  form.requestSubmit();
}

/** Show an error body {error: {code, message, details[]}} next to the fields it names. */
export function showApiError(status, error) {
  results.hidden = true; // an answer to an earlier request would pass for this one
  const details = Array.isArray(error.details) ? error.details : [];
  if (error.code === "unknown_role" || (status === 404 && details.some((d) => d.suggestion) && !details.some((d) => d.field))) {
    const suggestions = details.map((d) => d.suggestion).filter(Boolean);
    showFieldError("target_role", [error.message], suggestions);
    focusFirstError();
    return;
  }
  const byField = new Map();
  const elsewhere = [];
  for (const detail of details) {
    const key = fieldOf(detail.field);
    if (key) byField.set(key, [...(byField.get(key) || []), detail.reason]);
    else elsewhere.push(detail.reason);
  }
  for (const [key, reasons] of byField) showFieldError(key, reasons);
  if (!byField.size) showFormError(error.message || `The server answered ${status}.`);
  else if (elsewhere.length) showFormError(elsewhere.join(" "));
  focusFirstError();
}
