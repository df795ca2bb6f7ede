/* skillmatch learner page: the gaps that matter most, as a chart and as tables.
 *
 * The role's most important skills as bars (held, partly held, missing), then the largest gaps
 * with the pathway step that closes each. Calls nothing: it draws the answer of
 * POST /v1/recommendations.
 */
import { el, number, pct, section, widthSpan } from "./common.js";

const STATUS_NAMES = { held: "held", partial: "partial", missing: "missing" };

export function gaps(answer, byId, stepOf) {
  const open = answer.gap.skills.filter((s) => s.status !== "held");
  const held = answer.gap.skills.filter((s) => s.status === "held");
  const closers = new Map();
  for (const rec of answer.recommendations) {
    for (const c of rec.covers) {
      const step = stepOf.get(rec.credential.id);
      if (step) closers.set(c.id, [...(closers.get(c.id) || []), step]);
    }
  }
  const row = (s) => el("tr", { "data-skill-id": s.id, "data-status": s.status },
    el("th", { scope: "row" }, s.label, s.status === "partial" && s.explanation
      ? el("span", { class: "explain", text: s.explanation }) : null),
    el("td", {}, el("span", { class: `badge status-${s.status}`, text: STATUS_NAMES[s.status] || s.status })),
    el("td", { class: "num", text: number.format(s.importance) }),
    el("td", { class: "num gap-weight" },
      el("span", { class: "mini-bar", "aria-hidden": "true" }, widthSpan("", s.gap_weight)),
      number.format(s.gap_weight)),
    el("td", { text: (closers.get(s.id) || []).map((n) => `step ${n}`).join(", ") || "—" }));
  const table = (rows, caption) => el("table", { class: "gaps" },
    el("caption", { class: "visually-hidden", text: caption }),
    el("thead", {}, el("tr", {}, ["Skill", "Status", "Importance", "Gap weight", "Closed by"].map((h) =>
      el("th", { scope: "col", text: h })))),
    el("tbody", {}, rows.map(row)));
  const top = open.slice(0, 10);
  const parts = [
    importanceChart(answer.gap.skills),
    el("p", { class: "hint", text: "Gap weight = importance in the role × what you still lack (0 to 1). Largest first." }),
    top.length ? table(top, "The largest gaps") : el("p", { text: "You hold every skill of this role." }),
  ];
  if (open.length > top.length) {
    parts.push(el("details", {}, el("summary", { text: `${open.length - top.length} smaller gaps` }),
      table(open.slice(top.length), "Smaller gaps")));
  }
  if (held.length) {
    parts.push(el("details", {}, el("summary", { text: `Skills of the role you already hold (${held.length})` }),
      table(held, "Skills you hold")));
  }
  return section("gaps", "The gaps that matter most", ...parts);
}

/** The role's most important skills as bars as long as their importance: the part held, and the
 * part still open coloured by status (partial or missing); the shares of the role's weight above. */
function importanceChart(all) {
  const total = all.reduce((sum, s) => sum + s.importance, 0);
  if (!total) return null;
  const share = (status) => all.filter((s) => s.status === status).reduce((sum, s) => sum + s.importance, 0) / total;
  const shares = ["held", "partial", "missing"].map((status) => [status, share(status)]);
  const top = [...all].sort((a, b) => b.importance - a.importance || a.label.localeCompare(b.label)).slice(0, 12);
  const longest = top[0].importance;
  const bar = (s) => {
    const outer = el("span", { class: "imp-bar", "aria-hidden": "true" });
    outer.style.width = `${(s.importance / longest) * 100}%`;
    outer.append(widthSpan("imp-held", s.credit), widthSpan(`imp-open status-${s.status}`, 1 - s.credit));
    return outer;
  };
  return el("figure", { class: "importance-chart", id: "gap-chart" },
    el("figcaption", {}, el("strong", { text: "Your gap by importance. " }),
      "Of the role's weight you hold ",
      shares.map(([status, x], i) => [i ? (i === 2 ? " and " : ", ") : "",
        el("span", { class: `share share-${status}`, "data-status": status, "data-value": x.toFixed(4),
                     text: `${pct(x)} ${status === "held" ? "fully" : status === "partial" ? "in part" : "not at all"}` })]),
      "."),
    el("ol", { class: "imp-rows" }, top.map((s) => el("li", { class: "imp-row", "data-skill-id": s.id, "data-status": s.status },
      el("span", { class: "imp-label", text: s.label }),
      el("span", { class: "imp-track" }, bar(s)),
      el("span", { class: "imp-value", text: `${STATUS_NAMES[s.status] || s.status}, importance ${number.format(s.importance)}` })))),
    el("p", { class: "legend" }, el("span", { class: "key key-held" }), "held ",
      el("span", { class: "key key-partial" }), "partly held ", el("span", { class: "key key-missing" }), "missing"));
}
