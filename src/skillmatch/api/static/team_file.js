/* skillmatch team page: reading a team file (CSV or the JSON the API takes) into members.
 *
 * Everything is read in the page. A file with any bad row loads nothing: every problem is
 * reported with its row (as a spreadsheet numbers it: the header is row 1) or its JSON path,
 * and the field.
 */
export const COLUMNS = ["member", "skills", "profile_text", "held_credentials", "role"];
const ALIASES = {
  member: "member", name: "member", id: "member", person: "member",
  skills: "skills", skill: "skills",
  profile_text: "profile_text", profile: "profile_text", cv: "profile_text",
  held_credentials: "held_credentials", credentials: "held_credentials",
  role: "role", target_role: "role", own_role: "role",
};
/** How well a skill is known, in words, as the API's proficiency. */
export const WORDS = { strong: 1, working: 0.7, basic: 0.4 };
const LIMITS = { member: 200, role: 500, profile_text: 50000, skill: 500, skills: 500, members: 500 };

/** Records of a CSV text: [{row, cells}], with the delimiter guessed from the header (, ; or tab). */
export function parseCsv(text) {
  const body = text.replace(/^\uFEFF/, "");
  const firstLine = body.split(/\r?\n/, 1)[0].replace(/"[^"]*"/g, "");
  const counts = [",", ";", "\t"].map((d) => [d, firstLine.split(d).length - 1]);
  const delimiter = counts.sort((a, b) => b[1] - a[1])[0][1] ? counts[0][0] : ",";
  const records = [];
  let cells = [];
  let cell = "";
  let quoted = false;
  let started = false;
  const end = () => {
    cells.push(cell);
    records.push({ row: records.length + 1, cells });
    cells = [];
    cell = "";
    started = false;
  };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') { cell += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell.trim() === "") { quoted = true; cell = ""; started = true; }
    else if (ch === delimiter) { cells.push(cell); cell = ""; started = true; }
    else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && body[i + 1] === "\n") i++;
      end();
    } else { cell += ch; started = true; }
  }
  if (quoted) return { records, delimiter, unclosed: records.length + 1 };
  if (started || cell) end();
  return { records, delimiter, unclosed: 0 };
}

/** A proficiency written after a skill ("0.7", "0,7", "70%", "working"), or undefined if the text is none. */
function proficiencyOf(text) {
  const t = text.trim().toLowerCase();
  if (t in WORDS) return WORDS[t];
  if (!/^\d+([.,]\d+)?%?$/.test(t)) return undefined;
  const value = Number(t.replace(",", ".").replace("%", ""));
  return t.endsWith("%") ? value / 100 : value;
}

/** Skills written `a; b:0.7; c:basic` as API items; problems name the skill. */
export function parseSkills(text) {
  const items = [];
  const problems = [];
  for (const part of text.split(";").map((s) => s.trim()).filter(Boolean)) {
    const cut = part.lastIndexOf(":");
    let label = part;
    let proficiency = 1;
    if (cut > 0) { // the colon of a skill id's scheme is followed by no proficiency
      const given = part.slice(cut + 1);
      const value = proficiencyOf(given);
      if (value !== undefined) {
        label = part.slice(0, cut).trim();
        proficiency = value;
        if (!(value >= 0 && value <= 1)) {
          problems.push(`how well “${label}” is known must be from 0 to 1 (or strong, working, basic), not “${given.trim()}”`);
          continue;
        }
      }
    }
    if (label.length > LIMITS.skill) {
      problems.push(`a skill is at most ${LIMITS.skill} characters; “${label.slice(0, 40)}…” has ${label.length}`);
      continue;
    }
    items.push(proficiency === 1 ? label : { skill: label, proficiency });
  }
  return { items, problems };
}

/** Skills as the page shows them in a member's row. */
export function skillsText(items) {
  return (items || []).map((s) => {
    if (typeof s === "string") return s;
    const label = s.label || s.skill || s.id || "";
    const p = s.proficiency === undefined || s.proficiency === null ? 1 : s.proficiency;
    return p === 1 ? label : `${label}:${p}`;
  }).join("; ");
}

const listText = (text) => text.split(";").map((s) => s.trim()).filter(Boolean);

/** A team CSV: {members: [{id, skills, profile_text, held_credentials, role, row}], problems: [{row, field, message}]}. */
export function readCsv(text) {
  const { records, unclosed } = parseCsv(text);
  const problems = [];
  const nonEmpty = records.filter((r) => r.cells.some((c) => c.trim()));
  if (!nonEmpty.length) return { members: [], problems: [{ row: 1, field: "", message: "the file is empty" }] };
  if (unclosed) problems.push({ row: unclosed, field: "", message: "a quoted cell is not closed (a \" is missing)" });
  const header = nonEmpty[0];
  const columns = header.cells.map((c) => ALIASES[c.trim().toLowerCase().replace(/[\s-]+/g, "_")] || null);
  header.cells.forEach((c, i) => {
    if (!columns[i] && c.trim()) {
      problems.push({ row: header.row, field: c.trim(),
        message: `unknown column “${c.trim()}”; the columns are ${COLUMNS.join(", ")}` });
    }
  });
  if (!columns.includes("member")) {
    problems.push({ row: header.row, field: "member", message: `the header has no member column (columns: ${COLUMNS.join(", ")})` });
    return { members: [], problems };
  }
  const members = [];
  const seen = new Map();
  for (const record of nonEmpty.slice(1)) {
    const row = record.row;
    if (record.cells.length > columns.length && record.cells.slice(columns.length).some((c) => c.trim())) {
      problems.push({ row, field: "", message: `${record.cells.length} cells, but the header has ${columns.length} columns` });
    }
    const value = {};
    columns.forEach((name, i) => { if (name) value[name] = (record.cells[i] || "").trim(); });
    const id = value.member || "";
    if (!id) problems.push({ row, field: "member", message: "is empty: every member needs a name or an id" });
    else if (id.length > LIMITS.member) problems.push({ row, field: "member", message: `is ${id.length} characters; at most ${LIMITS.member}` });
    else if (seen.has(id)) problems.push({ row, field: "member", message: `“${id}” is already on row ${seen.get(id)}` });
    else seen.set(id, row);
    const skills = parseSkills(value.skills || "");
    for (const message of skills.problems) problems.push({ row, field: "skills", message });
    for (const field of ["role", "profile_text"]) {
      if ((value[field] || "").length > LIMITS[field]) {
        problems.push({ row, field, message: `is ${value[field].length} characters; at most ${LIMITS[field]}` });
      }
    }
    members.push({ id, skills: skills.items, profile_text: value.profile_text || "",
                   held_credentials: listText(value.held_credentials || ""), role: value.role || "", row });
  }
  if (!members.length && !problems.length) problems.push({ row: 2, field: "member", message: "the file has a header but no members" });
  if (members.length > LIMITS.members) {
    problems.push({ row: members[LIMITS.members].row, field: "member", message: `at most ${LIMITS.members} members in a team` });
  }
  return { members, problems };
}

const isText = (v) => typeof v === "string";
const isList = (v) => Array.isArray(v);

/** A team JSON file (the body of POST /v1/teams/gap or /v1/teams, or a stored team): its parts, or problems by path. */
export function readJson(text) {
  let data;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (err) {
    return { problems: [{ path: "", message: `not valid JSON: ${err.message}` }] };
  }
  const problems = [];
  const bad = (path, message) => problems.push({ path, message });
  if (!data || typeof data !== "object" || isList(data)) return { problems: [{ path: "", message: "must be a JSON object with members and target" }] };
  if (!isList(data.members) || !data.members.length) bad("members", "must be a list of at least one member");
  const members = [];
  const seen = new Set();
  (isList(data.members) ? data.members : []).forEach((m, i) => {
    const at = `members[${i}]`;
    if (!m || typeof m !== "object" || isList(m)) { bad(at, "must be an object"); return; }
    const id = m.id ?? m.name ?? "";
    if (!isText(id) || !id.trim()) bad(`${at}.id`, "every member needs an id or a name");
    else if (seen.has(id)) bad(`${at}.id`, `“${id}” appears twice`);
    else seen.add(id);
    const skills = [];
    if (m.skills !== undefined && !isList(m.skills)) bad(`${at}.skills`, "must be a list");
    (isList(m.skills) ? m.skills : []).forEach((s, k) => {
      if (isText(s) && s.trim()) skills.push(s);
      else if (s && typeof s === "object" && isText(s.skill || s.label || s.id)) {
        const p = s.proficiency === undefined ? 1 : s.proficiency;
        if (typeof p !== "number" || p < 0 || p > 1) bad(`${at}.skills[${k}].proficiency`, "must be a number from 0 to 1");
        else skills.push({ label: s.label || s.skill || s.id, proficiency: p });
      } else bad(`${at}.skills[${k}]`, "a skill is a text (an id or a label) or {skill, proficiency}");
    });
    for (const field of ["profile_text", "role"]) {
      if (m[field] !== undefined && m[field] !== null && !isText(m[field])) bad(`${at}.${field}`, "must be a text");
    }
    const held = m.held_credentials === undefined ? [] : m.held_credentials;
    if (!isList(held) || !held.every(isText)) bad(`${at}.held_credentials`, "must be a list of credential ids");
    members.push({ id: isText(id) ? id : "", skills, profile_text: isText(m.profile_text) ? m.profile_text : "",
                   held_credentials: isList(held) ? held.filter(isText) : [], role: isText(m.role) ? m.role : "" });
  });
  let targets = [];
  const t = data.target;
  if (isText(t)) targets = [{ role: t, headcount: "" }];
  else if (t && typeof t === "object" && !isList(t) && isText(t.role)) targets = [{ role: t.label || t.role, headcount: "" }];
  else if (isList(t)) {
    t.forEach((d, k) => {
      if (isText(d)) targets.push({ role: d, headcount: "" });
      else if (d && typeof d === "object" && isText(d.role)) {
        if (d.headcount !== undefined && !(Number.isInteger(d.headcount) && d.headcount >= 1)) bad(`target[${k}].headcount`, "must be a whole number of at least 1");
        targets.push({ role: d.label || d.role, headcount: d.headcount === undefined ? "" : String(d.headcount) });
      } else bad(`target[${k}]`, "must be a role, or {role, headcount}");
    });
  } else if (t !== undefined) bad("target", "must be a role, or a list of {role, headcount}");
  const constraints = data.constraints && typeof data.constraints === "object" ? data.constraints : {};
  return { members, targets, constraints, name: isText(data.name) ? data.name : "", id: isText(data.id) ? data.id : "",
           limit: Number.isInteger(data.limit) ? data.limit : undefined, problems };
}
