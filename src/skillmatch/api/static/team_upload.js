/* skillmatch team page: a team file uploaded into the form.
 *
 * A CSV fills the members; a JSON team file (as the API takes it) fills the members, target roles,
 * constraints and name. A file with any problem loads nothing and lists every problem (team_file.js
 * reads it). Calls nothing: the file is read in the page.
 */
import { $, el } from "./common.js";
import { fillFrom, loaded, setMembers } from "./team_editor.js";
import { clearErrors } from "./team_errors.js";
import { readCsv, readJson } from "./team_file.js";

const statusLine = $("status");

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
  const { members, problems } = readCsv(text);
  if (problems.length) {
    fileProblems(name, problems.map((p) => `${name}, row ${p.row}${p.field ? `, field ${p.field}` : ""}: ${p.message}.`));
    return;
  }
  loaded.source = name;
  loaded.storedId = "";
  setMembers(members);
  statusLine.textContent = `Loaded ${members.length} member${members.length === 1 ? "" : "s"} from ${name}.`;
}

function loadJson(text, name) {
  const team = readJson(text);
  if (team.problems.length) {
    fileProblems(name, team.problems.map((p) => `${name}${p.path ? `, ${p.path}` : ""}: ${p.message}.`));
    return;
  }
  loaded.source = name;
  loaded.storedId = "";
  fillFrom(team);
  statusLine.textContent = `Loaded ${team.members.length} member${team.members.length === 1 ? "" : "s"} from ${name}.`;
}
