/* skillmatch team page: teams stored on the server.
 *
 * List them, open one into the form, save the form's team (a new one, or replacing the one opened).
 * Calls, with the API key: GET /v1/teams, GET /v1/teams/{id}, POST /v1/teams and PUT /v1/teams/{id}.
 */
import { $, el } from "./common.js";
import { fillFrom, loaded } from "./team_editor.js";
import { clearErrors, focusFirstError, showApiError, showFieldError } from "./team_errors.js";
import { readJson } from "./team_file.js";
import { buildTeam, call, errorOf, needKey } from "./team_request.js";

const statusLine = $("status");

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
  const team = readJson(JSON.stringify(result.data));
  loaded.source = "";
  fillFrom(team);
  $("team_name").value = result.data.name;
  loaded.storedId = result.data.id;
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
  const result = loaded.storedId ? await call("PUT", `/v1/teams/${encodeURIComponent(loaded.storedId)}`, body)
    : await call("POST", "/v1/teams", body);
  if (!result.ok) { showApiError(result.status, errorOf(result), built); return; }
  loaded.storedId = result.data.team.id;
  const lost = Object.values(result.data.unresolved || {}).flat().length;
  $("saved-state").textContent = `Saved as “${result.data.team.name}” (id ${loaded.storedId})${lost ? `; ${lost} input${lost === 1 ? "" : "s"} matched nothing and were not kept` : ""}.`;
  statusLine.textContent = "Team saved.";
});
