/* skillmatch team page: errors next to what they are about.
 *
 * A problem found in the page, or an error body of the team endpoints, goes next to what it names:
 * a member's row (by number, name and file row), a target role, a constraint, the team name or the
 * API key. Calls nothing.
 */
import { $, el, formErrors } from "./common.js";
import { loaded } from "./team_editor.js";

const form = $("team-form");
const membersBody = $("members");
const targetsBody = $("targets");

const FIELD_INPUT = { max_cost: "max_cost", max_hours: "max_hours", format: "format", level: "level",
  language: "language", limit: "limit", free_only: "free_only", api_key: "api_key", name: "team_name",
  stored: "stored-teams", target: null, members: null };

const errors = formErrors(form);
export const clearErrors = errors.clear;
export const showFormError = errors.showForm;
export const focusFirstError = errors.focusFirst;

export function showFieldError(key, messages) {
  const box = $(`${key}-error`);
  box.append(...messages.map((m) => el("p", { text: m })));
  box.hidden = false;
  if (FIELD_INPUT[key]) $(FIELD_INPUT[key]).setAttribute("aria-invalid", "true");
  else if (key === "members") (membersBody.querySelector("input") || $("add-member")).setAttribute("aria-invalid", "true");
  else if (key === "target") (targetsBody.querySelector("input") || $("add-target")).setAttribute("aria-invalid", "true");
}

export function markInput(input, key, message) {
  input.setAttribute("aria-invalid", "true");
  input.closest("tr").classList.add("row-invalid");
  const box = $(`${key}-error`);
  box.append(el("p", { text: message }));
  box.hidden = false;
}

const ROW_FIELDS = { member: "member", id: "member", name: "member", skills: "skills", role: "role",
  held_credentials: "held", profile_text: "profile" };

/** An error on a member's row, named as the person would find it: the member, the file row, the field. */
export function showRowError(row, field, message) {
  const index = [...membersBody.rows].indexOf(row);
  const name = row.querySelector("input.member").value.trim();
  const where = row.dataset.sourceRow ? ` (row ${row.dataset.sourceRow} of ${loaded.source})` : "";
  markInput(row.querySelector(`.${ROW_FIELDS[field] || "member"}`), "members",
    `Member ${index + 1}${name ? ` (${name})` : ""}${where}, field ${field}: ${message}`);
}

/** An API error body next to what it names: a member's row, a target role, a constraint or the key. */
export function showApiError(status, error, built) {
  const details = Array.isArray(error.details) && error.details.length ? error.details : [{ field: error.field, reason: error.message }];
  if (status === 401 || status === 403) {
    showFieldError("api_key", [error.message]);
    focusFirstError();
    return;
  }
  let placed = false;
  for (const d of details) {
    const path = d.field || "";
    const reason = d.reason || error.message;
    let m = /^members\[(\d+)\](?:\.(\w+))?/.exec(path);
    if (m && built && built.rows[Number(m[1])]) {
      showRowError(built.rows[Number(m[1])], m[2] || "member", reason);
      placed = true;
      continue;
    }
    m = /^target(?:\[(\d+)\])?(?:\.(\w+))?/.exec(path);
    if (m && built) {
      const row = built.targetRows[Number(m[1] || 0)];
      if (row) markInput(row.querySelector(m[2] === "headcount" ? "input.headcount" : "input.target-role"), "target", reason);
      else showFieldError("target", [reason]);
      placed = true;
      continue;
    }
    const key = { max_cost: "max_cost", currency: "max_cost", max_hours: "max_hours", formats: "format", levels: "level",
      languages: "language", free_only: "free_only", limit: "limit", name: "name" }[path.replace(/^(body\.)?constraints\./, "").replace(/\[.*$/, "")];
    if (key) {
      showFieldError(key, [reason]);
      placed = true;
    }
  }
  if (!placed) {
    const suggestions = details.map((d) => d.suggestion).filter(Boolean);
    showFormError(`${error.message || `The server answered ${status}.`}${suggestions.length ? ` Close roles: ${suggestions.join(", ")}.` : ""}`);
  }
  focusFirstError();
}
