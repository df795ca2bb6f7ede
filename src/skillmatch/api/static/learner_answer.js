/* skillmatch learner page: the answer, part by part.
 *
 * The role read, what was not understood, the coverage bar, the gaps, the pathway, the totals,
 * stackable credentials, alternatives and free options, what stays open, and the same request as a
 * curl line. Calls nothing itself: it draws the answer of POST /v1/recommendations, then looks up
 * the titles it lacks (learner_names.js: GET /v1/credentials/by-id?id=).
 */
import { $, el, money, number, pct, points, section, titleOf, widthSpan } from "./common.js";
import { renderChips, setUnresolved } from "./learner_form.js";
import { gaps } from "./learner_gaps.js";
import { credentialName, lookUpTitles, skillLabels, titles } from "./learner_names.js";
import { facts, pathway } from "./learner_pathway.js";

const results = $("results");
const answerBox = $("answer");

export function render(answer, request) {
  for (const c of [...answer.recommendations.map((r) => r.credential), ...answer.pathway.steps.map((s) => s.credential),
    ...answer.alternatives.map((a) => a.credential), ...answer.free_options.map((a) => a.credential)]) {
    titles.set(c.id, c.title);
  }
  for (const stack of answer.pathway.stacks) titles.set(stack.id, stack.title);
  skillLabels.clear();
  for (const s of [...answer.gap.skills, ...answer.gap.held, ...answer.remaining_gaps,
    ...answer.recommendations.flatMap((r) => r.covers.flatMap((c) => [c, c.via]))]) {
    if (s && s.id) skillLabels.set(s.id, s.label);
  }
  setUnresolved(answer.unresolved);
  renderChips();

  const byId = new Map(answer.recommendations.map((r) => [r.credential.id, r]));
  const stepOf = new Map(answer.pathway.steps.map((s) => [s.credential.id, s.position]));
  $("results-title").textContent = `Your pathway to ${answer.role.label}`;
  answerBox.replaceChildren(...[
    roleSummary(answer.role, request.target_role),
    unresolvedNotice(answer.unresolved),
    coverage(answer),
    gaps(answer, byId, stepOf),
    pathway(answer, byId),
    totals(answer.totals, request.constraints),
    stacks(answer.pathway.stacks),
    others("alternatives", "Alternatives to the first pick", answer.alternatives, "instead of"),
    others("free-options", "Free options", answer.free_options, "a free alternative to"),
    remaining(answer.remaining_gaps),
    considered(answer),
    apiCall(request),
  ].filter(Boolean));
  const meta = answer.meta;
  $("meta").textContent = `Taxonomy ${meta.taxonomy} ${meta.taxonomy_version}; catalog ${meta.catalog_version}.`;
  results.hidden = false;
  lookUpTitles();
}

function roleSummary(role, asked) {
  const from = role.postings
    ? `built from ${role.postings} job posting${role.postings === 1 ? "" : "s"}`
    : "from the taxonomy alone (no job postings yet)";
  const same = asked.trim().toLowerCase() === role.label.toLowerCase() || asked.trim() === role.id;
  const reading = role.read_as || {};
  const unsure = reading.method === "title" && !reading.sure;
  return el("p", { class: "role-summary" },
    same ? null : [`You asked for “${asked.trim()}”; the closest role we know is `],
    same ? "Role " : null, el("strong", { text: role.label }), `: ${role.skills} skills, ${from}.`,
    unsure ? ` The match is loose (title similarity ${reading.score.toFixed(2)}): check this is the role you mean.` : null);
}

function unresolvedNotice(items) {
  if (!items.length) return null;
  return el("div", { class: "notice", id: "unresolved", role: "note" },
    el("p", {}, el("strong", { text: "We did not understand: " }),
      items.map((u, i) => [i ? ", " : "", el("q", { class: "unresolved-text", text: u.text })]),
      "."),
    el("p", { class: "hint", text: `${items[0].reason[0].toUpperCase()}${items[0].reason.slice(1)}. These were left out; try other words.` }));
}

function coverage(answer) {
  const before = answer.coverage_before;
  const after = answer.coverage_after;
  const bar = el("div", { class: "bar", role: "img",
    "aria-label": `Coverage ${pct(before)} now, ${pct(after)} after the pathway` },
    widthSpan("bar-before", before), widthSpan("bar-gain", after - before));
  return section("coverage", "How much of the role you cover",
    el("p", { class: "coverage-numbers" },
      el("span", { class: "figure", id: "coverage-before", "data-value": before, text: pct(before) }), " now → ",
      el("span", { class: "figure", id: "coverage-after", "data-value": after, text: pct(after) }),
      ` after the pathway (+${points(after - before)} points)`),
    bar,
    el("p", { class: "legend" }, el("span", { class: "key key-before" }), "what you have ",
      el("span", { class: "key key-gain" }), "what the pathway adds"));
}

function totals(t, constraints) {
  const rows = [["Credentials", `${t.count}${t.free ? ` (${t.free} free)` : ""}`, "count"]];
  const paid = Object.keys(t.cost).filter((c) => t.cost[c] > 0);
  const parts = paid.map((c) => money(t.cost[c], c)).join(" + ");
  let spend;
  if (t.cost_in_currency === null || t.cost_in_currency === undefined) spend = parts || "free";
  else spend = t.cost_in_currency === 0 ? "free" : money(t.cost_in_currency, t.currency);
  if (t.cost_in_currency && (paid.length > 1 || (paid.length === 1 && paid[0] !== t.currency))) {
    spend += ` (${parts}, converted)`;
  }
  if (t.cost_unknown) spend += `; ${t.cost_unknown} with no known price`;
  if (constraints.max_cost !== undefined) spend += `, within your budget of ${money(constraints.max_cost, t.currency)}`;
  rows.push(["Cost", spend, "cost"]);
  let time = `${number.format(t.hours)} hours`;
  if (t.hours_unknown) time += `, plus ${t.hours_unknown} with unknown hours`;
  if (constraints.max_hours !== undefined) time += `, within your ${number.format(constraints.max_hours)}`;
  rows.push(["Study time", time, "hours"]);
  return section("totals", "In total", el("dl", { class: "facts totals" }, rows.map(([term, value, key]) =>
    el("div", { class: `fact fact-${key}` }, el("dt", { text: term }), el("dd", { class: key, text: value })))));
}

function stacks(items) {
  if (!items.length) return null;
  return section("stacks", "Stackable credentials", el("ul", { class: "stacks" }, items.map((s) => {
    const state = (id) => (s.held.includes(id) ? "you hold it" : s.in_pathway.includes(id) ? "in this pathway" : "still to take");
    return el("li", { class: "stack", "data-stack-id": s.id },
      el("p", {}, el("strong", { class: "summary", text: s.summary }), s.complete ? " — complete" : ""),
      el("ul", {}, s.parts.map((id) => el("li", { class: `part-${state(id).replace(/ /g, "-")}` },
        credentialName(id), `: ${state(id)}`))));
  })));
}

function others(id, title, items, relation) {
  if (!items.length) return null;
  return section(id, title, el("ul", { class: "cards" }, items.map((a) => el("li", { class: "card", "data-credential-id": a.credential.id },
    titleOf(a.credential, "h4"),
    el("p", { class: "provider", text: a.credential.provider }),
    el("p", { class: "relation" }, `${relation[0].toUpperCase()}${relation.slice(1)} `, credentialName(a.instead_of),
      `: covers ${pct(a.share)} of what it covers`, a.covers.length ? ` (${a.covers.map((s) => s.label).join(", ")})` : "", "."),
    facts(a.credential)))));
}

function remaining(items) {
  if (!items.length) return null;
  return section("remaining", "Still open after this pathway", el("ul", {}, items.map((g) =>
    el("li", { "data-skill-id": g.id }, el("span", { class: "skill", text: g.label }),
      ` (gap weight ${number.format(g.gap_weight)})`))));
}

function considered(answer) {
  const left = Object.entries(answer.excluded).map(([why, n]) => `${why}: ${n}`);
  return el("p", { class: "hint considered" },
    `${answer.considered} credential${answer.considered === 1 ? "" : "s"} fit your constraints.`,
    left.length ? ` Left out: ${left.join(", ")}.` : "");
}

function apiCall(request) {
  const shown = { ...request };
  if (shown.profile_text) shown.profile_text = "(your profile text)";
  return el("details", { class: "api-call" }, el("summary", { text: "The same answer from the API" }),
    el("pre", {}, el("code", { id: "api-request", text: `curl -s ${window.location.origin}/v1/recommendations `
      + `-H 'content-type: application/json' -d '${JSON.stringify(shown).replace(/'/g, "'\\''")}'` })));
}
