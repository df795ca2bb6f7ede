/* skillmatch learner page: the names of credentials and skills in the answer.
 *
 * The answer names stack parts and prerequisites by id; they are shown by title once known, from
 * the answer itself or from one look-up each. Calls: GET /v1/credentials/by-id?id= (titles of
 * stack parts and prerequisites that are not in the answer).
 */
import { $, el, getJson } from "./common.js";

export const titles = new Map(); // credential id -> title, from answers and look-ups
export const skillLabels = new Map(); // skill id -> label, from the last answer

/** A span that shows a credential's title once known (ids of stack parts may need a look-up). */
export function credentialName(id) {
  return el("span", { class: "credential-name", "data-credential-id": id, text: titles.get(id) || id });
}

/** A prerequisite: a credential id, a skill id or a skill label. */
export function prerequisiteName(pre) {
  if (skillLabels.has(pre)) return el("span", { class: "skill-name", text: skillLabels.get(pre) });
  if (/\/skill\//.test(pre) || /\s/.test(pre)) return el("span", { class: "skill-name", text: pre });
  return credentialName(pre);
}

/** Titles of credentials named only by id (stack parts, prerequisites), looked up once each. */
export async function lookUpTitles() {
  const answerBox = $("answer");
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
