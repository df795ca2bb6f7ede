/* skillmatch team page: the request, from the form to the team endpoints.
 *
 * What the form holds as the body the team endpoints take (problems found in the page are shown
 * first), and one call to a team endpoint with the API key typed into the page, sent as X-API-Key
 * (team.js calls POST /v1/teams/gap, team_stored.js the stored teams). The key stays in the page's
 * memory only.
 */
import { $, constraintsOf } from "./common.js";
import { focusFirstError, markInput, showFieldError, showRowError } from "./team_errors.js";
import { parseSkills } from "./team_file.js";

const form = $("team-form");
const membersBody = $("members");
const targetsBody = $("targets");

/** What the form holds, as {body, rows} (rows: the member rows in body order), or null after showing what to fix. */
export function buildTeam() {
  const problems = [];
  const rows = [];
  const members = [];
  for (const row of membersBody.rows) {
    const get = (cls) => row.querySelector(`.${cls}`).value;
    const values = ["member", "skills", "role", "held", "profile"].map(get);
    if (!values.some((v) => v.trim())) continue;
    const id = get("member").trim();
    const skills = parseSkills(get("skills"));
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

// --- calling the API ----------------------------------------------------------------------

function keyHeaders() {
  const key = $("api_key").value.trim();
  return key ? { "X-API-Key": key } : {};
}

/** One API call: {ok, status, data}; the error body of a refusal is in data.error. */
export async function call(method, url, body) {
  const headers = { Accept: "application/json", ...keyHeaders() };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  let data = null;
  try { data = await response.json(); } catch { data = null; }
  return { ok: response.ok, status: response.status, data };
}

export function errorOf(result) {
  return result.data && result.data.error ? result.data.error : { code: "http_error", message: `The server answered ${result.status}.` };
}

export function needKey() {
  if ($("api_key").value.trim()) return false;
  showFieldError("api_key", ["Enter an API key first: the team endpoints answer only to one of the server's keys."]);
  focusFirstError();
  return true;
}
