/* skillmatch team page: the answer, part by part.
 *
 * The team's coverage and roles, what was not understood, the heat map, the largest team gaps as
 * bars, the plan, each member, the take-away and the same request as a curl line. Calls nothing
 * itself: it draws the answer of POST /v1/teams/gap.
 */
import { $, el, number, pct, points, section, widthSpan } from "./common.js";
import { takeaway } from "./team_csv.js";
import { heatmap } from "./team_heatmap.js";
import { memberTable, planTable } from "./team_plan.js";

const results = $("team-results");
const answerBox = $("team-answer");

export function render(answer, request) {
  const team = answer.team;
  const plan = answer.plan;
  const roles = team.roles.map((r) => r.label).join(" and ");
  $("team-results-title").textContent = `Your team: ${team.size} ${team.size === 1 ? "person" : "people"} moving to ${roles}`;
  $("print-title").textContent = `training plan for ${answer.stored_team ? answer.stored_team.name : $("team_name").value.trim() || "your team"}`;
  answerBox.replaceChildren(...[
    summary(answer),
    unresolvedNotice(answer.unresolved),
    heatmap(team),
    teamBars(team),
    planTable(plan, request.constraints),
    memberTable(answer),
    takeaway(answer),
    apiCall(request),
  ].filter(Boolean));
  const meta = answer.meta;
  $("meta").textContent = `Taxonomy ${meta.taxonomy} ${meta.taxonomy_version}; catalog ${meta.catalog_version}.`;
  results.hidden = false;
}

function summary(answer) {
  const { team, plan } = answer;
  const readings = answer.roles.filter((r) => r.read_as && r.read_as.method !== "label" && r.read_as.note);
  return el("div", { class: "team-summary", id: "team-summary" },
    el("p", { class: "coverage-numbers" }, "Team coverage ",
      el("span", { class: "figure", id: "team-before", "data-value": plan.coverage_before, text: pct(plan.coverage_before) }), " now → ",
      el("span", { class: "figure", id: "team-after", "data-value": plan.coverage_after, text: pct(plan.coverage_after) }),
      ` after the plan (+${points(plan.coverage_after - plan.coverage_before)} points, the mean over the members).`),
    team.roles.length === 1
      ? el("p", { class: "hint" }, "Members are measured against ", el("strong", { text: team.roles[0].label }),
        ", or against their own target role where one is given.")
      : el("p", { class: "hint" }, team.roles.map((r, i) => [i ? "; " : "", el("strong", { text: r.label }),
        `: ${r.headcount} needed, ${r.assigned.length} member${r.assigned.length === 1 ? "" : "s"} moving to it`]),
        ". Members without a role of their own are measured against the mix of these roles, weighted by the people needed."),
    readings.map((r) => el("p", { class: "hint", text: r.read_as.note })));
}

function unresolvedNotice(unresolved) {
  const entries = Object.entries(unresolved || {}).filter(([, items]) => items.length);
  if (!entries.length) return null;
  return el("div", { class: "notice", id: "team-unresolved", role: "note" },
    el("p", {}, el("strong", { text: "We did not understand, and left out: " })),
    el("ul", {}, entries.map(([member, items]) => el("li", { "data-member": member },
      `${member}: `, items.map((u, i) => [i ? ", " : "", el("q", { text: u.text })])))));
}

function teamBars(team) {
  const top = team.skills.filter((s) => s.team_gap > 0).slice(0, 15);
  if (!top.length) return section("team-gaps", "The team's gaps", el("p", { text: "The team holds every skill its roles need." }));
  const longest = top[0].team_gap;
  return section("team-gaps", "The team's largest gaps",
    el("p", { class: "hint", text: "Team gap = the members' mean gap weight for the skill. Largest first." }),
    el("ol", { class: "team-bars" }, top.map((s) => el("li", { class: "team-bar", "data-skill-id": s.id, "data-lacking": s.lacking },
      el("span", { class: "label", text: s.label }),
      el("span", { class: "track", "aria-hidden": "true" }, widthSpan("", s.team_gap / longest)),
      el("span", { class: "value", text: `gap ${number.format(s.team_gap)}; ${s.lacking} of ${s.needed_by} lacking` })))));
}

function apiCall(request) {
  const body = JSON.stringify(request).replace(/'/g, "'\\''");
  return el("details", { class: "api-call" }, el("summary", { text: "The same answer from the API" }),
    el("pre", {}, el("code", { id: "api-request", text: `curl -s ${window.location.origin}/v1/teams/gap `
      + `-H "X-API-Key: $SKILLMATCH_API_KEY" -H 'content-type: application/json' -d '${body}'` })));
}
