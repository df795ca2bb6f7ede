/* skillmatch web page: the form, the call to POST /v1/recommendations and the answer.
 *
 * Plain JavaScript, no libraries. Everything shown is built with createElement and
 * textContent (never innerHTML), and only http(s) links from the catalog become links.
 * Calls: GET /v1/roles?q=, GET /v1/skills/search?q= and GET /v1/credentials?q= (suggestions while typing),
 * POST /v1/recommendations (the answer), GET /v1/credentials/by-id?id= (titles of stack
 * parts and prerequisites that are not in the answer). Nothing is stored in the browser.
 */
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const { number, el, debounce, widthSpan, plural, pct, points, money, hours, formatName, cost, titleOf, splitList,
    getJson, fillOptions, section, constraintsOf, formErrors } = window.skillmatch;
  const form = $("advice");
  const roleInput = $("target_role");
  const skillEntry = $("skill-entry");
  const chipList = $("skill-chips");
  const statusLine = $("status");
  const submitButton = $("submit");
  const results = $("results");
  const answerBox = $("answer");

  const STATUS_NAMES = { held: "held", partial: "partial", missing: "missing" };

  /** How well a skill is known, as the API's proficiency (0..1). */
  const PROFICIENCY = [["1", "strong"], ["0.7", "working"], ["0.4", "basic"]];

  /** @type {{label: string, proficiency: number}[]} */
  const skills = [];
  /** @type {{id: string, title: string}[]} */
  const heldCredentials = [];
  const credentialOptions = new Map(); // title shown in the suggestions -> credential id
  let unresolved = new Set();
  const titles = new Map(); // credential id -> title, from answers and look-ups
  const skillLabels = new Map(); // skill id -> label, from the last answer

  function gainText(x) {
    if (x > 0 && x < 0.005) return "+less than 1 point";
    const n = Math.round(x * 100);
    return `+${n} point${n === 1 ? "" : "s"}`;
  }

  /** A span that shows a credential's title once known (ids of stack parts may need a look-up). */
  function credentialName(id) {
    return el("span", { class: "credential-name", "data-credential-id": id, text: titles.get(id) || id });
  }

  /** A prerequisite: a credential id, a skill id or a skill label. */
  function prerequisiteName(pre) {
    if (skillLabels.has(pre)) return el("span", { class: "skill-name", text: skillLabels.get(pre) });
    if (/\/skill\//.test(pre) || /\s/.test(pre)) return el("span", { class: "skill-name", text: pre });
    return credentialName(pre);
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

  function addSkills(text) {
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

  function renderChips() {
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
  function addCredential() {
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

  // --- the request --------------------------------------------------------------------------

  /** The body of POST /v1/recommendations from the form, or null after showing what to fix. */
  function buildRequest() {
    addSkills(skillEntry.value);
    skillEntry.value = "";
    addCredential();
    const problems = [];
    const role = roleInput.value.trim();
    if (!role) problems.push(["target_role", "Enter the role you want, e.g. data analyst."]);
    const numberOf = (id, key, what) => {
      const input = $(id);
      if (input.validity.badInput) {
        problems.push([key, `${what} must be a number.`]);
        return undefined;
      }
      return input.value.trim() === "" ? undefined : Number(input.value);
    };
    const maxCost = numberOf("max_cost", "max_cost", "The budget");
    const maxHours = numberOf("max_hours", "max_hours", "The study hours");
    const limit = numberOf("limit", "limit", "The number of suggestions");
    if (problems.length) {
      for (const [key, message] of problems) showFieldError(key, [message]);
      focusFirstError();
      return null;
    }
    const constraints = constraintsOf(maxCost, maxHours);
    const body = {
      target_role: role,
      skills: skills.map((s) => (s.proficiency === 1 ? s.label : { skill: s.label, proficiency: s.proficiency })),
    };
    if (heldCredentials.length) body.held_credentials = heldCredentials.map((c) => c.id);
    const text = $("profile_text").value;
    if (text.trim()) body.profile_text = text;
    const now = $("current_role").value.trim();
    if (now) body.current_role = now;
    body.constraints = constraints;
    if (limit !== undefined) body.limit = limit;
    return body;
  }

  // --- errors next to their field -------------------------------------------------------------

  const FIELD_INPUT = {
    target_role: "target_role", current_role: "current_role", skills: "skill-entry", profile_text: "profile_text",
    max_cost: "max_cost",
    max_hours: "max_hours", format: "format", level: "level", language: "language", limit: "limit",
    free_only: "free_only", held_credentials: "credential-entry",
  };

  /** The page field an API error detail's `field` names (`constraints.formats` -> format). */
  function fieldOf(path) {
    if (!path) return null;
    if (path === "target_role") return "target_role";
    if (path === "current_role") return "current_role";
    if (path.startsWith("skills")) return "skills";
    if (path.startsWith("held_credentials")) return "held_credentials";
    if (path === "profile_text") return "profile_text";
    if (path === "limit") return "limit";
    const constraint = path.replace(/^constraints\./, "").replace(/\[.*$/, "");
    return {
      max_cost: "max_cost", currency: "max_cost", max_hours: "max_hours", formats: "format", levels: "level",
      languages: "language", free_only: "free_only",
    }[constraint] || null;
  }

  const errors = formErrors(form);
  const clearErrors = errors.clear;
  const showFormError = errors.showForm;
  const focusFirstError = errors.focusFirst;

  function showFieldError(key, messages, suggestions = []) {
    const box = $(`${key}-error`);
    box.append(...messages.map((m) => el("p", { text: m })));
    if (suggestions.length) {
      box.append(el("p", { class: "did-you-mean", text: "Did you mean:" }),
        el("ul", { class: "suggestions" }, suggestions.map((s) => el("li", {},
          el("button", { type: "button", class: "suggestion", onclick: () => useRole(s) }, s)))));
    }
    box.hidden = false;
    $(FIELD_INPUT[key]).setAttribute("aria-invalid", "true");
  }

  function useRole(label) {
    roleInput.value = label;
    clearErrors();
    form.requestSubmit();
  }

  /** Show an error body {error: {code, message, details[]}} next to the fields it names. */
  function showApiError(status, error) {
    results.hidden = true; // an answer to an earlier request would pass for this one
    const details = Array.isArray(error.details) ? error.details : [];
    if (error.code === "unknown_role" || (status === 404 && details.some((d) => d.suggestion) && !details.some((d) => d.field))) {
      const suggestions = details.map((d) => d.suggestion).filter(Boolean);
      showFieldError("target_role", [error.message], suggestions);
      focusFirstError();
      return;
    }
    const byField = new Map();
    const elsewhere = [];
    for (const detail of details) {
      const key = fieldOf(detail.field);
      if (key) byField.set(key, [...(byField.get(key) || []), detail.reason]);
      else elsewhere.push(detail.reason);
    }
    for (const [key, reasons] of byField) showFieldError(key, reasons);
    if (!byField.size) showFormError(error.message || `The server answered ${status}.`);
    else if (elsewhere.length) showFormError(elsewhere.join(" "));
    focusFirstError();
  }

  // --- sending ------------------------------------------------------------------------------

  let inFlight = null;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors();
    const body = buildRequest();
    if (!body) {
      results.hidden = true;
      return;
    }
    if (inFlight) inFlight.abort();
    inFlight = new AbortController();
    submitButton.disabled = true;
    results.setAttribute("aria-busy", "true");
    statusLine.textContent = "Working out your pathway…";
    try {
      const response = await fetch("/v1/recommendations", {
        method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(body), signal: inFlight.signal,
      });
      let data = null;
      try { data = await response.json(); } catch { data = null; }
      if (!response.ok) {
        statusLine.textContent = "";
        const error = data && data.error ? data.error : { code: "http_error", message: `The server answered ${response.status}.` };
        showApiError(response.status, error);
        return;
      }
      render(data, body);
      const n = data.pathway.steps.length;
      statusLine.textContent = n ? `Pathway ready: ${n} credential${n === 1 ? "" : "s"}.` : "No credential fits; see the answer.";
      results.focus();
    } catch (err) {
      if (err && err.name === "AbortError") return;
      statusLine.textContent = "";
      showFormError("The server did not answer. Is it running? Try again in a moment.");
    } finally {
      submitButton.disabled = false;
      results.removeAttribute("aria-busy");
    }
  });

  // --- the answer ---------------------------------------------------------------------------

  function render(answer, request) {
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
    unresolved = new Set(answer.unresolved.map((u) => u.text.toLowerCase()));
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

  function gaps(answer, byId, stepOf) {
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

  function facts(credential) {
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

  function pathway(answer, byId) {
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

  /** Titles of credentials named only by id (stack parts, prerequisites), looked up once each. */
  async function lookUpTitles() {
    const wanted = new Set();
    for (const span of answerBox.querySelectorAll(".credential-name")) {
      if (!titles.has(span.dataset.credentialId)) wanted.add(span.dataset.credentialId);
    }
    await Promise.all([...wanted].slice(0, 20).map(async (id) => {
      try {
        const c = await getJson(`/v1/credentials/by-id?${new URLSearchParams({ id })}`);
        titles.set(id, c.title);
      } catch {
        titles.set(id, id);
      }
    }));
    for (const span of answerBox.querySelectorAll(".credential-name")) {
      span.textContent = titles.get(span.dataset.credentialId) || span.dataset.credentialId;
    }
  }
})();
