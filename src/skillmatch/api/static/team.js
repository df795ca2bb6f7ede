/* skillmatch team page: a team in (file or by hand), its gaps as a heat map and bars, one plan.
 *
 * Calls only the public API, with the API key typed into the page: POST /v1/teams/gap (the
 * answer, drawn by team_answer.js), GET /v1/teams, GET /v1/teams/{id}, POST /v1/teams and
 * PUT /v1/teams/{id} (stored teams, team_stored.js), GET /v1/roles?q= (suggestions, team_editor.js).
 * The key and the team stay in the page's memory only.
 */
import { $ } from "./common.js";
import { render } from "./team_answer.js";
import { setMembers, setTargets } from "./team_editor.js";
import { clearErrors, showApiError, showFormError } from "./team_errors.js";
import { buildTeam, call, errorOf, needKey } from "./team_request.js";
import "./team_stored.js";
import "./team_upload.js";

const form = $("team-form");
const statusLine = $("status");
const results = $("team-results");

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

setMembers([]);
setTargets([]);
