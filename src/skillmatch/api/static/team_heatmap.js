/* skillmatch team page: the heat map of who lacks what.
 *
 * Members × the team's top gap skills, each cell coloured by the member's gap weight for the skill,
 * with orders for members and skills and the numbers on demand. Calls nothing: it draws the answer
 * of POST /v1/teams/gap.
 */
import { $, el, number, section } from "./common.js";

const heatOrder = { members: "gap", skills: "gap" };
let drawn = null; // the team the heat map shows, to redraw it in another order

function heatColour(fraction) {
  const light = 96 - 58 * Math.max(0, Math.min(1, fraction));
  return `hsl(2, 70%, ${light}%)`;
}

export function heatmap(team) {
  drawn = team;
  const heat = team.heatmap;
  const members = team.members;
  const byMember = new Map(members.map((m) => [m.member_id, new Map(m.skills.map((s) => [s.id, s]))]));
  const teamSkill = new Map(team.skills.map((s) => [s.id, s]));
  const value = (member, skill) => {
    const s = byMember.get(member).get(skill.id);
    return s ? s.gap_weight : null; // null: this member's role does not need the skill
  };
  const largest = Math.max(1e-9, ...heat.members.flatMap((m) => heat.skills.map((s) => value(m, s) || 0)));
  const totalOf = (m) => heat.skills.reduce((sum, s) => sum + (value(m, s) || 0), 0);

  const memberOrder = [...heat.members];
  if (heatOrder.members === "gap") memberOrder.sort((a, b) => totalOf(b) - totalOf(a) || a.localeCompare(b));
  else if (heatOrder.members === "name") memberOrder.sort((a, b) => a.localeCompare(b));
  const skillOrder = [...heat.skills];
  const gapOf = (s) => (teamSkill.get(s.id) || { team_gap: 0, lacking: 0 });
  if (heatOrder.skills === "gap") skillOrder.sort((a, b) => gapOf(b).team_gap - gapOf(a).team_gap || a.label.localeCompare(b.label));
  else if (heatOrder.skills === "lacking") skillOrder.sort((a, b) => gapOf(b).lacking - gapOf(a).lacking || gapOf(b).team_gap - gapOf(a).team_gap);
  else if (heatOrder.skills === "name") skillOrder.sort((a, b) => a.label.localeCompare(b.label));

  const table = el("table", { class: "heatmap", id: "heatmap-table" },
    el("caption", { class: "visually-hidden", text: "Each member's gap weight for the team's largest gap skills" }),
    el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "Member" }),
      skillOrder.map((s) => el("th", { scope: "col", class: "skill", "data-skill-id": s.id, title: s.label }, el("span", { text: s.label }))),
      el("th", { scope: "col", text: "Total" }))),
    el("tbody", {}, memberOrder.map((m) => el("tr", { "data-member": m }, el("th", { scope: "row", text: m }),
      skillOrder.map((s) => {
        const v = value(m, s);
        if (v === null) {
          return el("td", { class: "cell not-needed", "data-skill-id": s.id, "data-value": "", title: `${m}, ${s.label}: not needed by their role` },
            el("span", { class: "cell-value", text: "not needed" }));
        }
        const cell = el("td", { class: "cell", "data-skill-id": s.id, "data-value": v.toFixed(4),
                                title: `${m}, ${s.label}: gap ${number.format(v)}` },
          el("span", { class: "cell-value", text: number.format(v) }));
        cell.style.backgroundColor = heatColour(v / largest);
        if (v / largest > 0.55) cell.style.color = "#ffffff";
        return cell;
      }),
      el("td", { class: "total", text: number.format(totalOf(m)) })))),
    el("tfoot", {}, el("tr", {}, el("th", { scope: "row", text: "Lacking" }),
      skillOrder.map((s) => el("td", { class: "total lacking", "data-skill-id": s.id, text: gapOf(s).lacking })),
      el("td", {}))));

  const select = (id, label, key, options) => el("div", { class: "field" },
    el("label", { for: id, text: label }),
    el("select", { id, onchange: (event) => { heatOrder[key] = event.target.value; redrawHeatmap(id); } },
      options.map(([v, text]) => el("option", { value: v, text, selected: heatOrder[key] === v }))));
  const numbers = el("div", { class: "field check" },
    el("input", { type: "checkbox", id: "heat-numbers", checked: table.classList.contains("show-numbers"),
                  onchange: (event) => $("heatmap-table").classList.toggle("show-numbers", event.target.checked) }),
    el("label", { for: "heat-numbers", text: "Show the numbers" }));
  const scale = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const key = el("span", { class: "key" });
    key.style.backgroundColor = heatColour(f);
    return key;
  });
  return section("heatmap", "Who lacks what",
    el("p", { class: "hint", text: "Each cell is a member's gap weight for a skill: its importance in their role × what they still lack. "
      + "Darker is a larger gap; a dot means their role does not need the skill. Hover a cell, or show the numbers." }),
    el("div", { class: "heat-controls" },
      select("order-members", "Order members", "members", [["gap", "largest total gap first"], ["name", "by name"], ["given", "as given"]]),
      select("order-skills", "Order skills", "skills", [["gap", "largest team gap first"], ["lacking", "most members lacking"], ["name", "by name"]]),
      numbers),
    el("div", { class: "heat-wrap" }, table),
    el("p", { class: "legend heat-legend" }, "0 ", scale, ` ${number.format(largest)} (the largest gap shown). “Lacking”: members below half the skill.`));
}

function redrawHeatmap(focusId) {
  const showNumbers = $("heatmap-table").classList.contains("show-numbers");
  const fresh = heatmap(drawn);
  $("heatmap").replaceWith(fresh);
  $("heatmap-table").classList.toggle("show-numbers", showNumbers);
  $("heat-numbers").checked = showNumbers;
  $(focusId).focus();
}
