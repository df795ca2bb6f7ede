/* skillmatch team page: the plan to take away, as a CSV download or printed.
 *
 * One line per credential, then one per member, then the total; no cell can start a spreadsheet
 * formula. Calls nothing: the file is made in the page from the answer of POST /v1/teams/gap.
 */
import { $, el } from "./common.js";

const statusLine = $("status");

export function takeaway(answer) {
  return el("div", { class: "takeaway no-print", id: "takeaway" },
    el("button", { type: "button", id: "download-plan", class: "secondary", onclick: () => downloadPlan(answer) }, "Download the plan (CSV)"),
    el("button", { type: "button", id: "print-plan", class: "secondary", onclick: () => window.print() }, "Print the plan"));
}

function csvCell(value) {
  const text = value === null || value === undefined ? "" : String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text; // never a formula in a spreadsheet
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The plan as CSV: one line per credential, then one per member, then the total. */
function planCsv(answer) {
  const plan = answer.plan;
  const lines = [["rank", "credential_id", "title", "provider", "takers", "seats", "cost_each", "cost_total", "currency",
    "hours_each", "skills", "reason"]];
  for (const item of plan.items) {
    const each = item.credential.is_free ? 0 : item.cost === null ? "" : +(item.cost / item.takers.length).toFixed(2);
    lines.push([item.rank, item.credential.id, item.credential.title, item.credential.provider, item.takers.join("; "),
      item.takers.length, each, item.cost === null ? "" : item.cost, plan.currency, item.credential.hours ?? "",
      item.skills.map((s) => s.label).join("; "), item.reason]);
  }
  lines.push(["total", "", "", "", "", plan.seats, "", plan.total_cost ?? "", plan.currency, "", "", ""]);
  lines.push([]);
  lines.push(["member", "role", "coverage_before", "coverage_after", "pathway"]);
  for (const mg of answer.team.members) {
    const c = plan.members[mg.member_id] || { before: mg.coverage, after: mg.coverage };
    const steps = ((answer.pathways || {})[mg.member_id] || { steps: [] }).steps;
    lines.push([mg.member_id, mg.role.label, c.before, c.after, steps.map((s) => s.credential.title).join(" -> ")]);
  }
  return lines.map((line) => line.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

function downloadPlan(answer) {
  const blob = new Blob([planCsv(answer)], { type: "text/csv;charset=utf-8" });
  const url = URL.createObjectURL(blob);
  const link = el("a", { href: url, download: "team-plan.csv", hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  statusLine.textContent = "The plan was downloaded as team-plan.csv.";
}
