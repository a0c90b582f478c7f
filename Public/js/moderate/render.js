// Builds the question cards. Every text that came from the public (text, author, source, tags) is set
// with textContent, never as HTML.

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function clock(iso, language) {
  const date = new Date(iso);
  return date.toLocaleTimeString(language === "id" ? "id-ID" : "en-GB", { hour: "2-digit", minute: "2-digit",
                                                                            second: "2-digit" });
}

export function videoOffset(seconds) {
  const total = Math.max(0, Math.floor(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/** The actions every card offers by mouse; the same as the keys in the help overlay. */
export const CARD_ACTIONS = [
  ["approve", "a"], ["reject", "r"], ["hold", "h"], ["restore", "p"], ["edit", "e"], ["redact", "x"],
  ["merge", "m"], ["star", "s"], ["tag", "t"], ["note", "n"], ["classify", "c"], ["undo", "u"],
];

/** The states each state-changing action applies to (as the server's state machine decides). */
const LEGAL = {
  approve: ["pending", "held", "rejected"], reject: ["pending", "held", "approved"], hold: ["pending", "approved"],
  restore: ["held", "rejected"], edit: ["pending", "held", "approved", "on_air", "deferred", "answered"],
  redact: ["pending", "held", "approved", "on_air", "deferred", "answered"], merge: ["pending", "held", "approved"],
};

/** Whether `action` makes sense for a question in `state` (the server has the last word). */
export function offers(action, state) {
  return !LEGAL[action] || LEGAL[action].includes(state);
}

/**
 * One card.
 * @param {object} question the staff view of a question
 * @param {object} options {t, selected, checked, model}
 */
export function card(question, { t, selected, checked, model }) {
  const item = element("li", "card");
  item.dataset.id = String(question.id);
  item.dataset.state = question.state;
  item.dataset.version = String(question.version);
  if (selected) item.classList.add("selected");
  if (checked) item.classList.add("checked");
  if (question.starred) item.classList.add("starred");

  const head = element("div", "card-head");
  const box = element("input", "pick");
  box.type = "checkbox";
  box.checked = checked;
  box.dataset.action = "check";
  box.setAttribute("aria-label", t("moderate.bulk.pick", { id: question.id }));
  head.append(box);
  head.append(element("span", "id", `#${question.id}`));
  head.append(element("span", "badge source", question.source));
  head.append(element("strong", "author", question.author || t("moderate.anonymous")));
  const time = element("time", "time", clock(question.receivedAt, t.language));
  time.dateTime = question.receivedAt;
  head.append(time);
  if (question.videoOffset !== undefined && question.videoOffset !== null) {
    head.append(element("span", "badge offset", `▶ ${videoOffset(question.videoOffset)}`));
  }
  head.append(element("span", `badge kind kind-${question.kind}`, t(`moderate.kind.${question.kind}`)));
  if (question.starred) head.append(element("span", "badge star", "★"));
  if (question.classification) {
    head.append(element("span", "badge classification", t(`moderate.classification.${question.classification}`)));
  }
  if (question.votes > 0) head.append(element("span", "badge votes", t("moderate.votes", { count: question.votes })));
  item.append(head);

  item.append(element("p", "text", question.text));

  const facts = element("div", "facts");
  if (question.rule) facts.append(element("span", "rule", t("moderate.rule", { rule: question.rule })));
  else if (question.state === "held" && question.heldReason) {
    facts.append(element("span", "rule", t("moderate.held_reason", { reason: question.heldReason })));
  }
  if (question.state === "rejected" && question.rejectReason) {
    facts.append(element("span", "reason", t(`moderate.reason.${question.rejectReason}`)));
  }
  if (question.mergedInto) facts.append(element("span", "merged", t("moderate.merged_into", { id: question.mergedInto })));
  if (question.text !== question.originalText) {
    const original = element("details", "original");
    original.append(element("summary", null, t("moderate.original")));
    original.append(element("p", null, question.originalText));
    facts.append(original);
  }
  for (const tag of question.tags ?? []) facts.append(element("span", "tag", `#${tag}`));
  const hint = (question.duplicates ?? []).find((h) => {
    const other = model.get(h.questionID);
    return other && other.state !== "merged" && other.state !== "rejected";
  });
  if (hint && question.state !== "merged") {
    const other = model.get(hint.questionID);
    const duplicate = element("span", "duplicate");
    duplicate.append(element("span", null, t("moderate.duplicate", { id: hint.questionID,
                                                                     score: Math.round(hint.score * 100) })));
    duplicate.append(element("q", null, other.text.slice(0, 80)));
    const merge = element("button", "small", t("moderate.duplicate.merge"));
    merge.type = "button";
    merge.dataset.action = "merge-hint";
    duplicate.append(merge);
    facts.append(duplicate);
  }
  if (facts.childElementCount > 0) item.append(facts);

  if ((question.notes ?? []).length > 0) {
    const notes = element("ul", "notes");
    for (const note of question.notes) notes.append(element("li", null, `${note.author}: ${note.text}`));
    item.append(notes);
  }

  const actions = element("div", "actions");
  for (const [action, key] of CARD_ACTIONS) {
    if (!offers(action, question.state)) continue;
    const button = element("button", "small", t(`moderate.action.${action}`));
    button.type = "button";
    button.dataset.action = action;
    button.title = `${t(`moderate.action.${action}`)} (${key})`;
    actions.append(button);
  }
  item.append(actions);
  return item;
}
