/* skillmatch web page: the form, the call to POST /v1/recommendations and the answer.
 *
 * Plain JavaScript modules, no libraries. Everything shown is built with createElement and
 * textContent (never innerHTML), and only http(s) links from the catalog become links.
 * Calls: GET /v1/roles?q=, GET /v1/skills/search?q= and GET /v1/credentials?q= (suggestions while typing,
 * learner_form.js), POST /v1/recommendations (the answer, drawn by learner_answer.js),
 * GET /v1/credentials/by-id?id= (titles of stack parts and prerequisites that are not in the answer,
 * learner_names.js). Nothing is stored in the browser.
 */
import { $, constraintsOf } from "./common.js";
import { render } from "./learner_answer.js";
import { clearErrors, focusFirstError, showApiError, showFieldError, showFormError } from "./learner_errors.js";
import { addCredential, addSkills, heldCredentials, skills } from "./learner_form.js";

const form = $("advice");
const roleInput = $("target_role");
const skillEntry = $("skill-entry");
const statusLine = $("status");
const submitButton = $("submit");
const results = $("results");

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
