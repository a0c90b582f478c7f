// The public live list of a session, for any page with <section data-live-questions data-slug="…">:
// the approved questions, the one on air highlighted, answered ones marked with their answer, deferred ones
// with their due date, and a vote button (one vote per question per browser). Updated live from the
// session's public event stream. Every text from the public is set with textContent.

import { loadMessages, currentLanguage } from "./i18n.js";

const root = document.querySelector("[data-live-questions]");

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

async function start() {
  const slug = root.dataset.slug;
  const t = await loadMessages(currentLanguage());
  const list = element("ol", "live-list");
  const empty = element("p", "live-empty", t("live.empty"));
  root.replaceChildren(element("h2", "", t("live.title")), empty, list);
  const voted = new Set(JSON.parse(sessionStorage.getItem(`ketupek-voted-${slug}`) ?? "[]"));
  let stakeholders = new Map();

  function item(question) {
    const entry = element("li", `live-question state-${question.state}`);
    entry.dataset.questionId = String(question.id);
    if (question.state === "on_air") entry.append(element("p", "badge on-air", t("live.on_air")));
    if (question.state === "answered") entry.append(element("p", "badge answered", t("live.answered")));
    if (question.state === "deferred") {
      entry.append(element("p", "badge deferred", t("live.deferred", { date: (question.dueDate ?? "").slice(0, 10) })));
    }
    entry.append(element("p", "text", question.text));
    const meta = element("p", "meta");
    meta.append(element("span", "author", question.author || t("live.anonymous")));
    const stakeholder = stakeholders.get(question.stakeholderID);
    if (stakeholder) meta.append(element("span", "stakeholder", stakeholder.name));
    entry.append(meta);
    if (question.answerSummary) entry.append(element("p", "answer", question.answerSummary));
    const vote = element("button", "vote", `▲ ${question.votes}`);
    vote.type = "button";
    vote.setAttribute("aria-label", t("live.vote", { count: question.votes }));
    vote.disabled = voted.has(question.id);
    vote.addEventListener("click", async () => {
      vote.disabled = true;
      const response = await fetch(`/api/v1/public/questions/${question.id}/vote`, { method: "POST" });
      if (response.ok) {
        voted.add(question.id);
        sessionStorage.setItem(`ketupek-voted-${slug}`, JSON.stringify([...voted]));
        vote.textContent = `▲ ${(await response.json()).votes}`;
      } else {
        vote.disabled = false;
      }
    });
    entry.append(vote);
    return entry;
  }

  async function refresh() {
    const response = await fetch(`/api/v1/public/sessions/${encodeURIComponent(slug)}/questions`, { cache: "no-store" });
    if (!response.ok) return null;
    const view = await response.json();
    stakeholders = new Map(view.stakeholders.map((member) => [member.id, member]));
    list.replaceChildren(...view.questions.map(item));
    empty.hidden = view.questions.length > 0;
    return view.sequence;
  }

  let pending = null;
  const refreshSoon = () => {
    if (pending) return;
    pending = setTimeout(() => { pending = null; refresh(); }, 150);
  };
  const sequence = await refresh();
  if (sequence === null) return;
  const events = new EventSource(`/api/v1/sessions/${encodeURIComponent(slug)}/events?lastEventId=${sequence}`);
  for (const kind of ["question.approved", "question.rejected", "question.held", "question.restored",
                      "question.edited", "question.redacted", "question.merged", "question.undone",
                      "question.duplicate_added", "question.duplicate_removed", "question.assigned",
                      "question.on_air", "question.off_air", "question.answered", "question.answer_edited",
                      "question.deferred", "question.voted"]) {
    events.addEventListener(kind, refreshSoon);
  }
}

if (root) start();
