/* skillmatch team page: the team plan and what it gives each member.
 *
 * The credentials chosen for the team (who takes each, seats, cost against the budget) and each
 * member's coverage now and after the plan, with their pathway in order. Calls nothing: it draws
 * the answer of POST /v1/teams/gap.
 */
import { $, el, cost, hours, money, number, pct, section, titleOf, widthSpan } from "./common.js";

function eachCost(item, currency) {
  if (item.credential.is_free) return "free";
  if (item.cost === null || item.cost === undefined || !item.takers.length) return cost(item.credential);
  return money(item.cost / item.takers.length, currency);
}

const STOPPED = {
  limit: (n) => `The plan holds the ${n} credentials asked for; ask for more to see further ones.`,
  budget: () => "Nothing more fits what is left of the budget.",
  "no gain": () => "No other credential adds enough for anyone within these constraints.",
};

export function planTable(plan, constraints) {
  if (!plan.items.length) {
    return section("plan", "The team plan", el("p", { class: "notice", text: "No credential of the catalog both fits these "
      + "constraints and closes a gap for anyone. Try a larger budget, more hours or another format." }));
  }
  const budget = constraints.max_cost;
  const total = plan.total_cost;
  const spend = total === null ? "some prices unknown" : total === 0 ? "free" : money(total, plan.currency);
  const over = budget !== undefined && total !== null && total > budget + 1e-6;
  const table = el("table", { class: "plan", id: "plan-table" },
    el("caption", { class: "visually-hidden", text: "The credentials chosen for the team, who takes each and what it costs" }),
    el("thead", {}, el("tr", {}, ["#", "Credential", "Who takes it", "Seats", "Each", "Cost", "Hours each"].map((h) =>
      el("th", { scope: "col", class: ["Seats", "Each", "Cost", "Hours each"].includes(h) ? "num" : null, text: h })))),
    el("tbody", {}, plan.items.map((item) => el("tr", { class: "plan-item", "data-credential-id": item.credential.id,
                                                     "data-cost": item.cost === null ? "" : item.cost },
      el("td", { class: "num", text: item.rank }),
      el("td", {}, titleOf(item.credential, "span"), el("p", { class: "provider", text: item.credential.provider }),
        el("p", { class: "reason", text: item.reason })),
      el("td", { class: "takers", text: item.takers.join(", ") }),
      el("td", { class: "num seats", text: item.takers.length }),
      el("td", { class: "num each", text: eachCost(item, plan.currency) }),
      el("td", { class: "num cost", text: item.cost === null ? "unknown" : item.cost === 0 ? "free" : money(item.cost, plan.currency) }),
      el("td", { class: "num", text: item.credential.hours === null ? "unknown" : number.format(item.credential.hours) })))),
    el("tfoot", {}, el("tr", {}, el("th", { scope: "row", colspan: 3, text: "In total" }),
      el("td", { class: "num", text: plan.seats }), el("td", {}),
      el("td", { class: `num total-cost budget${over ? " over" : ""}`, "data-total": total === null ? "" : total, text: spend }),
      el("td", {}))));
  const parts = [table];
  if (budget !== undefined && total !== null) {
    parts.push(el("p", { id: "plan-budget", class: over ? "budget over" : "budget" },
      `${spend} of the ${money(budget, plan.currency)} budget (${pct(budget ? total / budget : 0)}), `
      + `${money(Math.max(0, budget - total), plan.currency)} left.`));
    if (budget > 0) {
      parts.push(el("div", { class: "bar", role: "img", "aria-label": `Spent ${pct(total / budget)} of the budget` },
        widthSpan("bar-before", total / budget)));
    }
  }
  parts.push(el("p", { class: "hint", text: (STOPPED[plan.stopped] || (() => ""))(plan.items.length) }));
  return section("plan", "The team plan", ...parts);
}

export function memberTable(answer) {
  const plan = answer.plan;
  const takes = (m) => plan.items.filter((i) => i.takers.includes(m));
  const rows = answer.team.members.map((mg) => {
    const m = mg.member_id;
    const c = plan.members[m] || { before: mg.coverage, after: mg.coverage };
    const pathway = (answer.pathways || {})[m] || { steps: [], order: [] };
    const detailsId = `pathway-${answer.team.members.indexOf(mg)}`;
    const toggle = el("button", { type: "button", class: "secondary pathway-toggle", "aria-expanded": "false",
                                  "aria-controls": detailsId, disabled: !pathway.steps.length,
                                  onclick: (event) => {
                                    const box = $(detailsId);
                                    box.hidden = !box.hidden;
                                    event.target.setAttribute("aria-expanded", String(!box.hidden));
                                  } }, `Pathway for ${m}`);
    return [
      el("tr", { class: "member-coverage", "data-member": m },
        el("th", { scope: "row", text: m }),
        el("td", { text: mg.role.label }),
        el("td", { class: "num before", text: pct(c.before) }),
        el("td", { class: "num after", text: pct(c.after) }),
        el("td", { class: "order-line", text: pathway.steps.map((s) => s.credential.title).join(" → ") || (takes(m).length ? "" : "nothing in this plan") }),
        el("td", {}, toggle)),
      el("tr", { class: "member-pathway-row", id: detailsId, hidden: true },
        el("td", { colspan: 6 }, el("ol", { class: "member-pathway" }, pathway.steps.map((step) => el("li", { "data-credential-id": step.credential.id },
          el("strong", { text: step.credential.title }), ` (${step.credential.provider}; ${cost(step.credential)}, ${hours(step.credential.hours)})`,
          step.reasons.length || step.unmet_prerequisites.length ? el("ul", { class: "order" },
            step.reasons.map((r) => el("li", { text: r })),
            step.unmet_prerequisites.length ? el("li", { class: "warning", text: `Expects first: ${step.unmet_prerequisites.join(", ")} (not in this plan; check they know it).` }) : null) : null))))),
    ];
  });
  return section("member-coverage-section", "Each member",
    el("p", { class: "hint", text: "Coverage of each member's role now and after the credentials they take in this plan, and those credentials in the order to take them." }),
    el("table", { class: "members", id: "members-coverage" },
      el("thead", {}, el("tr", {}, ["Member", "Role", "Now", "After", "Pathway", ""].map((h) =>
        el("th", { scope: "col", class: h === "Now" || h === "After" ? "num" : null, text: h })))),
      el("tbody", {}, rows)));
}
