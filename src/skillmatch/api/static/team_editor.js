/* skillmatch team page: the team in the form, edited in place.
 *
 * Members and target roles as rows of inputs (labelled by number and name), the constraints, and
 * filling all of them from a team read from a file or the server. Calls: GET /v1/roles?q=
 * (suggestions for the target roles and the members' own roles).
 */
import { $, el, debounce, getJson, fillOptions } from "./common.js";
import { skillsText } from "./team_file.js";

const form = $("team-form");
const membersBody = $("members");
const targetsBody = $("targets");

/** Where the form's team came from: the file (for error messages), the stored team (if opened from the server). */
export const loaded = { source: "", storedId: "" };

function memberRow(m = {}) {
  const row = el("tr", { class: "member-row", "data-source-row": m.row || null });
  const cell = (name, control) => el("td", { class: `col-${name}` }, control);
  const input = (name, value, attrs = {}) => el("input", { type: "text", class: name, value: value || "", autocomplete: "off", ...attrs });
  row.append(
    cell("member", input("member", m.id, { maxlength: 200 })),
    cell("skills", input("skills", skillsText(m.skills))),
    cell("role", input("role", m.role, { list: "role-options", maxlength: 500 })),
    cell("held", input("held", (m.held_credentials || []).join("; "))),
    cell("profile", el("textarea", { class: "profile", rows: 1, maxlength: 50000, text: m.profile_text || "" })),
    cell("remove", el("button", { type: "button", class: "remove", onclick: () => removeRow(row, membersBody, "add-member") }, "×")));
  return row;
}

function targetRow(t = {}) {
  const row = el("tr", { class: "target-row" });
  row.append(
    el("td", {}, el("input", { type: "text", class: "target-role", value: t.role || "", list: "role-options",
                                autocomplete: "off", maxlength: 500 })),
    el("td", { class: "headcount" }, el("input", { type: "number", class: "headcount", min: 1, step: 1,
                                                    value: t.headcount || "", placeholder: "any" })),
    el("td", { class: "remove" }, el("button", { type: "button", class: "remove",
                                                  onclick: () => removeRow(row, targetsBody, "add-target") }, "×")));
  return row;
}

/** Rows are labelled by number and name, so a screen reader and an error say which one. */
function relabel() {
  [...membersBody.rows].forEach((row, i) => {
    const name = row.querySelector("input.member").value.trim();
    const who = `Member ${i + 1}${name ? ` (${name})` : ""}`;
    row.querySelector("input.member").setAttribute("aria-label", `Member ${i + 1}: name or id`);
    row.querySelector("input.skills").setAttribute("aria-label", `${who}: skills`);
    row.querySelector("input.role").setAttribute("aria-label", `${who}: own target role`);
    row.querySelector("input.held").setAttribute("aria-label", `${who}: held credentials`);
    row.querySelector("textarea.profile").setAttribute("aria-label", `${who}: profile text`);
    row.querySelector("button.remove").setAttribute("aria-label", `Remove ${who.toLowerCase()}`);
  });
  [...targetsBody.rows].forEach((row, i) => {
    row.querySelector("input.target-role").setAttribute("aria-label", `Target role ${i + 1}`);
    row.querySelector("input.headcount").setAttribute("aria-label", `Target role ${i + 1}: people`);
    row.querySelector("button.remove").setAttribute("aria-label", `Remove target role ${i + 1}`);
  });
}

function removeRow(row, body, addButton) {
  const next = row.nextElementSibling || row.previousElementSibling;
  row.remove();
  if (!body.rows.length) body.append(body === membersBody ? memberRow() : targetRow());
  relabel();
  ((next && next.querySelector("input")) || $(addButton)).focus();
}

export function setMembers(list) {
  membersBody.replaceChildren(...(list.length ? list : [{}]).map(memberRow));
  relabel();
}

export function setTargets(list) {
  targetsBody.replaceChildren(...(list.length ? list : [{}]).map(targetRow));
  relabel();
}

function setConstraints(c = {}) {
  $("max_cost").value = c.max_cost ?? "";
  $("currency").value = c.currency || "EUR";
  $("max_hours").value = c.max_hours ?? "";
  $("format").value = (c.formats || [])[0] || "";
  $("level").value = (c.levels || [])[0] || "";
  $("language").value = (c.languages || []).join(", ");
  $("free_only").checked = Boolean(c.free_only);
}

$("add-member").addEventListener("click", () => {
  membersBody.append(memberRow());
  relabel();
  membersBody.lastElementChild.querySelector("input").focus();
});
$("add-target").addEventListener("click", () => {
  targetsBody.append(targetRow());
  relabel();
  targetsBody.lastElementChild.querySelector("input").focus();
});
membersBody.addEventListener("change", relabel);

let roleLookup = null;
const suggestRoles = debounce(async (q) => {
  if (roleLookup) roleLookup.abort();
  roleLookup = new AbortController();
  try {
    const data = await getJson(`/v1/roles?${new URLSearchParams({ q, limit: "10" })}`, roleLookup.signal);
    fillOptions($("role-options"), data.items.map((r) => [r.label, r.postings ? `${r.postings} postings` : ""]));
  } catch {
    /* suggestions are a help; the form works without them */
  }
}, 200);
form.addEventListener("input", (event) => {
  if (event.target.matches("input.target-role, input.role")) suggestRoles(event.target.value.trim());
});

export function fillFrom(team) {
  setMembers(team.members);
  if (team.targets.length) setTargets(team.targets);
  setConstraints(team.constraints);
  if (team.name) $("team_name").value = team.name;
  if (team.limit) $("limit").value = team.limit;
}
