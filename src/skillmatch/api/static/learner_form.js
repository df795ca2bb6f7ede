/* skillmatch learner page: what the learner types in, with suggestions while typing.
 *
 * The target role (the current role shares its suggestions), skills as chips, each with how well
 * it is known, and credentials already held as chips. Calls: GET /v1/roles?q=, GET /v1/skills/search?q= and
 * GET /v1/credentials?q= (suggestions while typing). Nothing is stored in the browser.
 */
import { $, el, debounce, plural, splitList, getJson, fillOptions } from "./common.js";
import { titles } from "./learner_names.js";

const roleInput = $("target_role");
const skillEntry = $("skill-entry");
const chipList = $("skill-chips");
const statusLine = $("status");

/** How well a skill is known, as the API's proficiency (0..1). */
const PROFICIENCY = [["1", "strong"], ["0.7", "working"], ["0.4", "basic"]];

/** @type {{label: string, proficiency: number}[]} */
export const skills = [];
/** @type {{id: string, title: string}[]} */
export const heldCredentials = [];
const credentialOptions = new Map(); // title shown in the suggestions -> credential id
let unresolved = new Set(); // skills the last answer did not understand, in lower case

/** Marks the skills the server did not understand (the answer's `unresolved`) on their chips. */
export function setUnresolved(items) {
  unresolved = new Set(items.map((u) => u.text.toLowerCase()));
}

// --- suggestions while typing -------------------------------------------------------------

let roleLookup = null;
const suggestRoles = debounce(async () => {
  if (roleLookup) roleLookup.abort();
  roleLookup = new AbortController();
  const q = roleInput.value.trim();
  try {
    const data = await getJson(`/v1/roles?${new URLSearchParams({ q, limit: "10" })}`, roleLookup.signal);
    fillOptions($("role-options"), data.items.map((r) => [r.label, plural(r.postings, "posting")]));
  } catch {
    /* suggestions are a help; the form works without them */
  }
}, 200);
roleInput.addEventListener("input", suggestRoles);
roleInput.addEventListener("focus", () => { if (!$("role-options").children.length) suggestRoles(); });

let skillLookup = null;
const suggestSkills = debounce(async () => {
  const q = skillEntry.value.split(",").pop().trim();
  if (q.length < 2) return;
  if (skillLookup) skillLookup.abort();
  skillLookup = new AbortController();
  try {
    const data = await getJson(`/v1/skills/search?${new URLSearchParams({ q, top: "8" })}`, skillLookup.signal);
    fillOptions($("skill-options"), data.results.map((s) => [s.label, ""]));
  } catch {
    /* as above */
  }
}, 250);

// --- skills as chips ----------------------------------------------------------------------

export function addSkills(text) {
  const added = [];
  for (const label of splitList(text)) {
    if (!skills.some((s) => s.label.toLowerCase() === label.toLowerCase())) {
      skills.push({ label, proficiency: 1 });
      added.push(label);
    }
  }
  if (added.length) {
    renderChips();
    statusLine.textContent = `Added ${added.join(", ")}.`;
  }
}

function removeSkill(index) {
  const [{ label }] = skills.splice(index, 1);
  renderChips();
  const buttons = chipList.querySelectorAll("button");
  (buttons[Math.min(index, buttons.length - 1)] || skillEntry).focus();
  statusLine.textContent = `Removed ${label}.`;
}

export function renderChips() {
  chipList.replaceChildren(...skills.map((skill, i) => {
    const label = skill.label;
    const lost = unresolved.has(label.toLowerCase());
    const level = el("select", { class: "proficiency", "aria-label": `How well you know ${label}`,
                                 onchange: (event) => { skill.proficiency = Number(event.target.value); } },
      PROFICIENCY.map(([value, name]) => el("option", { value, text: name,
                                                        selected: Number(value) === skill.proficiency })));
    return el("li", { class: lost ? "chip unresolved" : "chip", "data-skill": label },
      el("span", { text: label }),
      lost ? el("span", { class: "chip-note", text: " (not understood)" }) : null,
      level,
      el("button", { type: "button", "aria-label": `Remove ${label}`, title: `Remove ${label}`,
                     onclick: () => removeSkill(i) }, "×"));
  }));
}

skillEntry.addEventListener("keydown", (event) => {
  if (event.key === "Enter") {
    event.preventDefault(); // Enter adds the skill; the button below sends the form
    addSkills(skillEntry.value);
    skillEntry.value = "";
  }
});
skillEntry.addEventListener("input", () => {
  const value = skillEntry.value;
  if (/[,;]/.test(value)) {
    const parts = value.split(/[,;]/);
    skillEntry.value = parts.pop().trimStart();
    addSkills(parts.join(","));
  }
  suggestSkills();
});
$("skill-add").addEventListener("click", () => {
  addSkills(skillEntry.value);
  skillEntry.value = "";
  skillEntry.focus();
});

// --- credentials already held ------------------------------------------------------------

const credentialEntry = $("credential-entry");
const credentialChips = $("credential-chips");
let credentialLookup = null;
const suggestCredentials = debounce(async () => {
  const q = credentialEntry.value.trim();
  if (q.length < 2) return;
  if (credentialLookup) credentialLookup.abort();
  credentialLookup = new AbortController();
  try {
    const data = await getJson(`/v1/credentials?${new URLSearchParams({ q, limit: "8" })}`, credentialLookup.signal);
    for (const c of data.items) {
      credentialOptions.set(c.title.toLowerCase(), c.id);
      titles.set(c.id, c.title);
    }
    fillOptions($("credential-options"), data.items.map((c) => [c.title, c.provider]));
  } catch {
    /* as above */
  }
}, 250);

/** Adds the credential named in the entry (a title from the suggestions, or an id). */
export function addCredential() {
  const text = credentialEntry.value.trim();
  if (!text) return;
  const id = credentialOptions.get(text.toLowerCase()) || text;
  if (!heldCredentials.some((c) => c.id === id)) {
    heldCredentials.push({ id, title: titles.get(id) || text });
    renderCredentialChips();
    statusLine.textContent = `Added ${titles.get(id) || text}.`;
  }
  credentialEntry.value = "";
}

function renderCredentialChips() {
  credentialChips.replaceChildren(...heldCredentials.map((c, i) => el("li", { class: "chip", "data-credential-id": c.id },
    el("span", { text: c.title }),
    el("button", { type: "button", "aria-label": `Remove ${c.title}`, title: `Remove ${c.title}`,
                   onclick: () => {
                     heldCredentials.splice(i, 1);
                     renderCredentialChips();
                     credentialEntry.focus();
                     statusLine.textContent = `Removed ${c.title}.`;
                   } }, "×"))));
}

credentialEntry.addEventListener("input", suggestCredentials);
credentialEntry.addEventListener("keydown", (event) => {
  if (event.key === "Enter") {
    event.preventDefault();
    addCredential();
  }
});
$("credential-add").addEventListener("click", () => {
  addCredential();
  credentialEntry.focus();
});
