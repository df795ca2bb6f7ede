/* skillmatch learner page: the pathway, step by step, and the facts of each credential.
 *
 * Each step with its credential's facts (cost, hours, level, format, language, recognition), the
 * gaps it closes and why it comes where it does. Calls nothing: it draws the answer of
 * POST /v1/recommendations (names of stack parts and prerequisites come from learner_names.js).
 */
import { el, cost, formatName, hours, number, section, titleOf } from "./common.js";
import { credentialName, prerequisiteName } from "./learner_names.js";

function gainText(x) {
  if (x > 0 && x < 0.005) return "+less than 1 point";
  const n = Math.round(x * 100);
  return `+${n} point${n === 1 ? "" : "s"}`;
}

export function facts(credential) {
  const rows = [
    ["Cost", cost(credential), "cost"],
    ["Hours", hours(credential.hours), "hours"],
    ["Level", credential.level || "not given", "level"],
    ["Format", formatName(credential.format), "format"],
    ["Language", credential.language, "language"],
  ];
  if (credential.credential_type) rows.push(["Type", credential.credential_type, "type"]);
  const recognition = recognitionOf(credential.recognition || {});
  if (recognition.length) rows.push(["Recognition", recognition.join("; "), "recognition"]);
  return el("dl", { class: "facts" }, rows.map(([term, value, key]) =>
    el("div", { class: `fact fact-${key}` }, el("dt", { text: term }), el("dd", { class: key, text: value }))));
}

function recognitionOf(recognition) {
  const out = [];
  const list = (v) => (Array.isArray(v) ? v.join(", ") : String(v));
  for (const [key, value] of Object.entries(recognition)) {
    if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) continue;
    if (key === "accreditation") out.push(`accredited by ${list(value)}`);
    else if (key === "endorsements") out.push(`endorsed by ${list(value)}`);
    else if (key === "credits") out.push(`${number.format(value)} ${recognition.credit_unit || "credits"}`);
    else if (key === "credit_unit") continue;
    else out.push(`${key.replace(/_/g, " ")}: ${list(value)}`);
  }
  return out;
}

export function pathway(answer, byId) {
  const steps = answer.pathway.steps;
  if (!steps.length) {
    return section("pathway", "Your pathway, in order",
      el("p", { class: "notice", text: "No credential of the catalog both fits these constraints and closes a gap "
        + "of this role. Try a larger budget, more hours or another format." }));
  }
  const notes = answer.pathway.notes.map((n) => el("p", { class: "hint", text: n }));
  return section("pathway", "Your pathway, in order", ...notes, el("ol", { class: "steps" }, steps.map((step) => {
    const c = step.credential;
    const rec = byId.get(c.id);
    const covers = rec ? rec.covers : [];
    return el("li", { class: "step", "data-credential-id": c.id },
      el("article", {},
        el("header", {},
          el("span", { class: "step-number", "aria-hidden": "true", text: step.position }),
          el("div", {}, titleOf(c, "h4"), el("p", { class: "provider", text: c.provider }))),
        rec ? el("p", { class: "reason", text: rec.reason }) : null,
        facts(c),
        covers.length ? el("div", { class: "covers" }, el("p", { class: "label", text: "Closes these gaps:" }),
          el("ul", {}, covers.map((s) => el("li", { "data-skill-id": s.id },
            el("span", { class: "skill", text: s.label }), " ",
            el("span", { class: "gain", text: gainText(s.gain) }),
            s.via && s.via.id !== s.id ? el("span", { class: "via", text: ` (through ${s.via.label})` }) : null)))) : null,
        order(step)));
  })));
}

function order(step) {
  const lines = [];
  if (step.after.length) lines.push(el("li", {}, "After ", joined(step.after.map(credentialName)), "."));
  for (const reason of step.reasons) lines.push(el("li", { text: reason }));
  if (step.part_of.length) lines.push(el("li", {}, "Part of ", joined(step.part_of.map(credentialName)), "."));
  if (step.unmet_prerequisites.length) {
    lines.push(el("li", { class: "warning" }, "Expects first: ",
      joined(step.unmet_prerequisites.map(prerequisiteName)), " (not in this pathway; you may already know it)."));
  }
  return lines.length ? el("ul", { class: "order" }, lines) : null;
}

function joined(nodes) {
  return nodes.flatMap((n, i) => (i ? [", ", n] : [n]));
}
