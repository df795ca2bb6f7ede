/* skillmatch team page: a team in (file or by hand), its gaps as a heat map and bars, one plan.
 *
 * Calls only the public API, with the API key typed into the page: POST /v1/teams/gap (the
 * answer), GET /v1/teams, GET /v1/teams/{id}, POST /v1/teams and PUT /v1/teams/{id} (stored
 * teams), GET /v1/roles?q= (suggestions). The key and the team stay in the page's memory only.
 */
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const { number, el, debounce, widthSpan, pct, points, money, hours, cost, titleOf, getJson, fillOptions,
    section, constraintsOf, formErrors } = window.skillmatch;
  const teamFile = window.skillmatchTeamFile;
  const form = $("team-form");
  const statusLine = $("status");
  const results = $("team-results");
  const answerBox = $("team-answer");
  const membersBody = $("members");
  const targetsBody = $("targets");

  let source = ""; // the file the members came from, for error messages
  let storedId = ""; // the stored team the form shows, if opened from the server
  let shown = null; // {answer, request} of the last answer

  // --- members and target roles, edited in place ----------------------------------------------

  function memberRow(m = {}) {
    const row = el("tr", { class: "member-row", "data-source-row": m.row || null });
    const cell = (name, control) => el("td", { class: `col-${name}` }, control);
    const input = (name, value, attrs = {}) => el("input", { type: "text", class: name, value: value || "", autocomplete: "off", ...attrs });
    row.append(
      cell("member", input("member", m.id, { maxlength: 200 })),
      cell("skills", input("skills", teamFile.skillsText(m.skills))),
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

  function setMembers(list) {
    membersBody.replaceChildren(...(list.length ? list : [{}]).map(memberRow));
    relabel();
  }

  function setTargets(list) {
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

  // --- the team file ------------------------------------------------------------------------

  $("team_file").addEventListener("change", async (event) => {
    const file = event.target.files[0];
    clearErrors();
    if (!file) return;
    const text = await file.text();
    const isJson = /\.json$/i.test(file.name) || /^\s*[{[]/.test(text);
    if (isJson) loadJson(text, file.name);
    else loadCsv(text, file.name);
  });

  function fileProblems(name, lines) {
    const box = $("team_file-error");
    box.replaceChildren(el("p", { text: `${name} was not loaded: fix ${lines.length === 1 ? "this" : `these ${lines.length} problems`} and upload it again.` }),
      el("ul", { class: "file-problems" }, lines.map((line) => el("li", { text: line }))));
    box.hidden = false;
    $("team_file").setAttribute("aria-invalid", "true");
    $("team_file").focus();
    statusLine.textContent = "";
  }

  function loadCsv(text, name) {
    const { members, problems } = teamFile.readCsv(text);
    if (problems.length) {
      fileProblems(name, problems.map((p) => `${name}, row ${p.row}${p.field ? `, field ${p.field}` : ""}: ${p.message}.`));
      return;
    }
    source = name;
    storedId = "";
    setMembers(members);
    statusLine.textContent = `Loaded ${members.length} member${members.length === 1 ? "" : "s"} from ${name}.`;
  }

  function loadJson(text, name) {
    const team = teamFile.readJson(text);
    if (team.problems.length) {
      fileProblems(name, team.problems.map((p) => `${name}${p.path ? `, ${p.path}` : ""}: ${p.message}.`));
      return;
    }
    source = name;
    storedId = "";
    fillFrom(team);
    statusLine.textContent = `Loaded ${team.members.length} member${team.members.length === 1 ? "" : "s"} from ${name}.`;
  }

  function fillFrom(team) {
    setMembers(team.members);
    if (team.targets.length) setTargets(team.targets);
    setConstraints(team.constraints);
    if (team.name) $("team_name").value = team.name;
    if (team.limit) $("limit").value = team.limit;
  }

  // --- the request --------------------------------------------------------------------------

  const FIELD_INPUT = { max_cost: "max_cost", max_hours: "max_hours", format: "format", level: "level",
    language: "language", limit: "limit", free_only: "free_only", api_key: "api_key", name: "team_name",
    stored: "stored-teams", target: null, members: null };

  /** What the form holds, as {body, rows} (rows: the member rows in body order), or null after showing what to fix. */
  function buildTeam() {
    const problems = [];
    const rows = [];
    const members = [];
    for (const row of membersBody.rows) {
      const get = (cls) => row.querySelector(`.${cls}`).value;
      const values = ["member", "skills", "role", "held", "profile"].map(get);
      if (!values.some((v) => v.trim())) continue;
      const id = get("member").trim();
      const skills = teamFile.parseSkills(get("skills"));
      if (!id) problems.push([row, "member", "has no name or id"]);
      for (const message of skills.problems) problems.push([row, "skills", message]);
      const m = { id, skills: skills.items };
      if (get("profile").trim()) m.profile_text = get("profile");
      const held = get("held").split(";").map((s) => s.trim()).filter(Boolean);
      if (held.length) m.held_credentials = held;
      if (get("role").trim()) m.role = get("role").trim();
      members.push(m);
      rows.push(row);
    }
    const seen = new Map();
    members.forEach((m, i) => {
      if (m.id && seen.has(m.id)) problems.push([rows[i], "member", `“${m.id}” is also member ${seen.get(m.id) + 1}`]);
      else seen.set(m.id, i);
    });
    if (!members.length) showFieldError("members", ["Add at least one member, or upload a team file."]);
    const targets = [...targetsBody.rows].map((row) => ({
      role: row.querySelector("input.target-role").value.trim(), headcount: row.querySelector("input.headcount").value.trim(), row,
    })).filter((t) => t.role || t.headcount);
    if (!targets.length) showFieldError("target", ["Enter the role the team is moving to, e.g. cloud engineer."]);
    for (const t of targets) {
      if (!t.role) markInput(t.row.querySelector("input.target-role"), "target", "A number of people needs a role.");
      else if (t.headcount && !(Number.isInteger(Number(t.headcount)) && Number(t.headcount) >= 1)) {
        markInput(t.row.querySelector("input.headcount"), "target", `The number of people for ${t.role} must be a whole number of at least 1.`);
      }
    }
    for (const [row, field, message] of problems) showRowError(row, field, message);
    const numberOf = (id, what) => {
      const input = $(id);
      if (input.validity.badInput) {
        showFieldError(id, [`${what} must be a number.`]);
        return undefined;
      }
      return input.value.trim() === "" ? undefined : Number(input.value);
    };
    const maxCost = numberOf("max_cost", "The budget");
    const maxHours = numberOf("max_hours", "The study hours");
    const limit = numberOf("limit", "The number of credentials");
    if (form.querySelector("[aria-invalid]")) {
      focusFirstError();
      return null;
    }
    const constraints = constraintsOf(maxCost, maxHours);
    const target = targets.length === 1 && !targets[0].headcount ? targets[0].role
      : targets.map((t) => ({ role: t.role, headcount: t.headcount ? Number(t.headcount) : 1 }));
    const body = { target, members, constraints };
    if (limit !== undefined) body.limit = limit;
    return { body, rows, targetRows: targets.map((t) => t.row) };
  }

  // --- errors -------------------------------------------------------------------------------

  const errors = formErrors(form);
  const clearErrors = errors.clear;
  const showFormError = errors.showForm;
  const focusFirstError = errors.focusFirst;

  function showFieldError(key, messages) {
    const box = $(`${key}-error`);
    box.append(...messages.map((m) => el("p", { text: m })));
    box.hidden = false;
    if (FIELD_INPUT[key]) $(FIELD_INPUT[key]).setAttribute("aria-invalid", "true");
    else if (key === "members") (membersBody.querySelector("input") || $("add-member")).setAttribute("aria-invalid", "true");
    else if (key === "target") (targetsBody.querySelector("input") || $("add-target")).setAttribute("aria-invalid", "true");
  }

  function markInput(input, key, message) {
    input.setAttribute("aria-invalid", "true");
    input.closest("tr").classList.add("row-invalid");
    const box = $(`${key}-error`);
    box.append(el("p", { text: message }));
    box.hidden = false;
  }

  const ROW_FIELDS = { member: "member", id: "member", name: "member", skills: "skills", role: "role",
    held_credentials: "held", profile_text: "profile" };

  /** An error on a member's row, named as the person would find it: the member, the file row, the field. */
  function showRowError(row, field, message) {
    const index = [...membersBody.rows].indexOf(row);
    const name = row.querySelector("input.member").value.trim();
    const where = row.dataset.sourceRow ? ` (row ${row.dataset.sourceRow} of ${source})` : "";
    markInput(row.querySelector(`.${ROW_FIELDS[field] || "member"}`), "members",
      `Member ${index + 1}${name ? ` (${name})` : ""}${where}, field ${field}: ${message}`);
  }

  /** An API error body next to what it names: a member's row, a target role, a constraint or the key. */
  function showApiError(status, error, built) {
    const details = Array.isArray(error.details) && error.details.length ? error.details : [{ field: error.field, reason: error.message }];
    if (status === 401 || status === 403) {
      showFieldError("api_key", [error.message]);
      focusFirstError();
      return;
    }
    let placed = false;
    for (const d of details) {
      const path = d.field || "";
      const reason = d.reason || error.message;
      let m = /^members\[(\d+)\](?:\.(\w+))?/.exec(path);
      if (m && built && built.rows[Number(m[1])]) {
        showRowError(built.rows[Number(m[1])], m[2] || "member", reason);
        placed = true;
        continue;
      }
      m = /^target(?:\[(\d+)\])?(?:\.(\w+))?/.exec(path);
      if (m && built) {
        const row = built.targetRows[Number(m[1] || 0)];
        if (row) markInput(row.querySelector(m[2] === "headcount" ? "input.headcount" : "input.target-role"), "target", reason);
        else showFieldError("target", [reason]);
        placed = true;
        continue;
      }
      const key = { max_cost: "max_cost", currency: "max_cost", max_hours: "max_hours", formats: "format", levels: "level",
        languages: "language", free_only: "free_only", limit: "limit", name: "name" }[path.replace(/^(body\.)?constraints\./, "").replace(/\[.*$/, "")];
      if (key) {
        showFieldError(key, [reason]);
        placed = true;
      }
    }
    if (!placed) {
      const suggestions = details.map((d) => d.suggestion).filter(Boolean);
      showFormError(`${error.message || `The server answered ${status}.`}${suggestions.length ? ` Close roles: ${suggestions.join(", ")}.` : ""}`);
    }
    focusFirstError();
  }

  // --- calling the API ----------------------------------------------------------------------

  function keyHeaders() {
    const key = $("api_key").value.trim();
    return key ? { "X-API-Key": key } : {};
  }

  /** One API call: {ok, status, data}; the error body of a refusal is in data.error. */
  async function call(method, url, body) {
    const headers = { Accept: "application/json", ...keyHeaders() };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    let data = null;
    try { data = await response.json(); } catch { data = null; }
    return { ok: response.ok, status: response.status, data };
  }

  function errorOf(result) {
    return result.data && result.data.error ? result.data.error : { code: "http_error", message: `The server answered ${result.status}.` };
  }

  function needKey() {
    if ($("api_key").value.trim()) return false;
    showFieldError("api_key", ["Enter an API key first: the team endpoints answer only to one of the server's keys."]);
    focusFirstError();
    return true;
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors();
    const built = buildTeam();
    if (!built) { results.hidden = true; return; }
    if (needKey()) { results.hidden = true; return; }
    $("submit").disabled = true;
    results.setAttribute("aria-busy", "true");
    statusLine.textContent = "Working out the team's gaps and plan…";
    try {
      const result = await call("POST", "/v1/teams/gap", built.body);
      if (!result.ok) {
        statusLine.textContent = "";
        results.hidden = true;
        showApiError(result.status, errorOf(result), built);
        return;
      }
      render(result.data, built.body);
      statusLine.textContent = `Plan ready: ${result.data.plan.items.length} credential${result.data.plan.items.length === 1 ? "" : "s"}.`;
      results.focus();
    } catch {
      statusLine.textContent = "";
      showFormError("The server did not answer. Is it running? Try again in a moment.");
    } finally {
      $("submit").disabled = false;
      results.removeAttribute("aria-busy");
    }
  });

  // --- stored teams -------------------------------------------------------------------------

  $("list-teams").addEventListener("click", async () => {
    clearErrors();
    if (needKey()) return;
    const result = await call("GET", "/v1/teams?limit=1000");
    if (!result.ok) { showApiError(result.status, errorOf(result), null); return; }
    const items = result.data.items;
    $("stored-teams").replaceChildren(...(items.length
      ? items.map((t) => el("option", { value: t.id, text: `${t.name} (${t.members} members)` }))
      : [el("option", { value: "", text: "no team stored yet" })]));
    statusLine.textContent = `${items.length} stored team${items.length === 1 ? "" : "s"}.`;
    $("stored-teams").focus();
  });

  $("open-team").addEventListener("click", async () => {
    clearErrors();
    const id = $("stored-teams").value;
    if (!id) { showFieldError("stored", ["Press “List”, then choose a team."]); focusFirstError(); return; }
    if (needKey()) return;
    const result = await call("GET", `/v1/teams/${encodeURIComponent(id)}`);
    if (!result.ok) { showApiError(result.status, errorOf(result), null); return; }
    const team = teamFile.readJson(JSON.stringify(result.data));
    source = "";
    fillFrom(team);
    $("team_name").value = result.data.name;
    storedId = result.data.id;
    $("saved-state").textContent = `Opened “${result.data.name}”; saving replaces it.`;
    statusLine.textContent = `Opened ${result.data.name}: ${team.members.length} members.`;
  });

  $("save-team").addEventListener("click", async () => {
    clearErrors();
    const built = buildTeam();
    if (!built) return;
    const name = $("team_name").value.trim();
    if (!name) { showFieldError("name", ["Give the team a name to save it."]); focusFirstError(); return; }
    if (needKey()) return;
    const body = { name, target: built.body.target, members: built.body.members, constraints: built.body.constraints };
    const result = storedId ? await call("PUT", `/v1/teams/${encodeURIComponent(storedId)}`, body)
      : await call("POST", "/v1/teams", body);
    if (!result.ok) { showApiError(result.status, errorOf(result), built); return; }
    storedId = result.data.team.id;
    const lost = Object.values(result.data.unresolved || {}).flat().length;
    $("saved-state").textContent = `Saved as “${result.data.team.name}” (id ${storedId})${lost ? `; ${lost} input${lost === 1 ? "" : "s"} matched nothing and were not kept` : ""}.`;
    statusLine.textContent = "Team saved.";
  });

  // --- the answer ---------------------------------------------------------------------------

  function render(answer, request) {
    shown = { answer, request };
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
      takeaway(),
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

  // heat map: members × the team's top gap skills, coloured by each member's gap weight
  const heatOrder = { members: "gap", skills: "gap" };

  function heatColour(fraction) {
    const light = 96 - 58 * Math.max(0, Math.min(1, fraction));
    return `hsl(2, 70%, ${light}%)`;
  }

  function heatmap(team) {
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
    const fresh = heatmap(shown.answer.team);
    $("heatmap").replaceWith(fresh);
    $("heatmap-table").classList.toggle("show-numbers", showNumbers);
    $("heat-numbers").checked = showNumbers;
    $(focusId).focus();
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

  function eachCost(item) {
    if (item.credential.is_free) return "free";
    if (item.cost === null || item.cost === undefined || !item.takers.length) return cost(item.credential);
    return money(item.cost / item.takers.length, shown.answer.plan.currency);
  }

  const STOPPED = {
    limit: (n) => `The plan holds the ${n} credentials asked for; ask for more to see further ones.`,
    budget: () => "Nothing more fits what is left of the budget.",
    "no gain": () => "No other credential adds enough for anyone within these constraints.",
  };

  function planTable(plan, constraints) {
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
        el("td", { class: "num each", text: eachCost(item) }),
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

  function memberTable(answer) {
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

  function takeaway() {
    return el("div", { class: "takeaway no-print", id: "takeaway" },
      el("button", { type: "button", id: "download-plan", class: "secondary", onclick: downloadPlan }, "Download the plan (CSV)"),
      el("button", { type: "button", id: "print-plan", class: "secondary", onclick: () => window.print() }, "Print the plan"));
  }

  function apiCall(request) {
    const body = JSON.stringify(request).replace(/'/g, "'\\''");
    return el("details", { class: "api-call" }, el("summary", { text: "The same answer from the API" }),
      el("pre", {}, el("code", { id: "api-request", text: `curl -s ${window.location.origin}/v1/teams/gap `
        + `-H "X-API-Key: $SKILLMATCH_API_KEY" -H 'content-type: application/json' -d '${body}'` })));
  }

  // --- take-away ----------------------------------------------------------------------------

  function csvCell(value) {
    const text = value === null || value === undefined ? "" : String(value);
    const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text; // never a formula in a spreadsheet
    return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  }

  /** The plan as CSV: one line per credential, then one per member, then the total. */
  function planCsv() {
    const { answer } = shown;
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

  function downloadPlan() {
    const blob = new Blob([planCsv()], { type: "text/csv;charset=utf-8" });
    const url = URL.createObjectURL(blob);
    const link = el("a", { href: url, download: "team-plan.csv", hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    statusLine.textContent = "The plan was downloaded as team-plan.csv.";
  }

  setMembers([]);
  setTargets([]);
})();
