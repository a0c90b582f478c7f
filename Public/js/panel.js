// The panel screen (/panel/{slug}): a stakeholder sees the questions assigned to them, the one on air, and
// records the answer or promises one later; the host (admin, moderator) sees every stakeholder's queue side
// by side and puts questions on air. Live: every change on the session's stream reloads the panel.
// Every text from the public is set with textContent.

import { api, ApiError, whenSignedIn } from "./api.js";
import { chooseLanguage, currentLanguage, loadMessages, translatePage } from "./i18n.js";
import { LiveStream } from "./moderate/stream.js";

const slug = decodeURIComponent(location.pathname.split("/")[2] ?? "");
const $ = (id) => document.getElementById(id);
let t;
let me;
let stream;
let reloading = null;

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

async function command(question, body) {
  try {
    await api("POST", `/api/v1/questions/${question.id}/commands`, { expectedVersion: question.version, ...body });
    $("notice").textContent = "";
  } catch (error) {
    $("notice").textContent = error instanceof ApiError && error.code === "stale_version"
      ? t("panel.stale") : t("panel.failed", { message: error.message });
  }
  await reload();
}

function answerForm(question, { canDefer }) {
  const form = element("form", "answer-form");
  const label = element("label", "muted", t("panel.answer_label"));
  const summary = element("textarea");
  summary.name = "summary";
  summary.required = true;
  summary.maxLength = 4000;
  label.append(summary);
  const submit = element("button", "primary", t("panel.mark_answered"));
  submit.type = "submit";
  submit.dataset.action = "answer";
  form.append(label, submit);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    command(question, { command: "answer", summary: summary.value });
  });
  if (canDefer) {
    const due = element("input");
    due.type = "date";
    due.name = "due";
    due.setAttribute("aria-label", t("panel.due_date"));
    due.valueAsDate = new Date(Date.now() + 7 * 86400000);
    const later = element("button", "", t("panel.answer_later"));
    later.type = "button";
    later.dataset.action = "defer";
    later.addEventListener("click", () => {
      if (!due.value) return;
      command(question, { command: "defer", dueDate: `${due.value}T23:59:59Z` });
    });
    form.append(due, later);
  }
  return form;
}

function card(question, { host }) {
  const item = element("li", "card");
  item.dataset.questionId = String(question.id);
  if (question.state === "on_air") item.classList.add("is-on-air");
  item.append(element("p", "text", question.text));
  const meta = element("p", "meta");
  meta.append(element("span", "", question.author || t("panel.anonymous")),
              element("span", "", t("panel.votes", { count: question.votes })));
  if (question.deferral?.dueDate) meta.append(element("span", "", `⏱ ${question.deferral.dueDate.slice(0, 10)}`));
  item.append(meta);
  if (host) {
    const actions = element("div", "actions");
    // The host orders a queue: priority first (then votes, then time, as the server sorts it).
    for (const [label, delta, action] of [["▲", 1, "raise"], ["▼", -1, "lower"]]) {
      const button = element("button", "", label);
      button.dataset.action = action;
      button.title = t(`panel.${action}`);
      button.setAttribute("aria-label", t(`panel.${action}`));
      button.addEventListener("click", () => command(question, {
        command: "assign", stakeholderID: question.stakeholderID, priority: (question.priority ?? 0) + delta,
      }));
      actions.append(button);
    }
    if (question.priority) actions.append(element("span", "muted", t("panel.priority", { priority: question.priority })));
    if (question.state === "on_air") {
      const off = element("button", "", t("panel.take_off_air"));
      off.dataset.action = "off_air";
      off.addEventListener("click", () => command(question, { command: "off_air" }));
      actions.append(off);
    } else {
      const on = element("button", "primary", t("panel.put_on_air"));
      on.dataset.action = "on_air";
      on.addEventListener("click", () => command(question, { command: "on_air" }));
      actions.append(on);
    }
    item.append(actions);
  }
  if (!host || question.state === "on_air") item.append(answerForm(question, { canDefer: true }));
  return item;
}

function render(view) {
  const host = me.role !== "stakeholder";
  const onAir = $("on-air");
  onAir.replaceChildren();
  if (view.onAir) {
    onAir.append(element("p", "text", view.onAir.text),
                 element("p", "meta muted", view.onAir.author || t("panel.anonymous")));
  } else {
    onAir.append(element("p", "empty", t("panel.nothing_on_air")));
  }
  const queues = $("queues");
  queues.replaceChildren();
  if (view.queues.length === 0) queues.append(element("p", "muted", t("panel.no_panel")));
  for (const queue of view.queues) {
    const section = element("section", "queue");
    section.dataset.stakeholderId = String(queue.stakeholder.id);
    section.append(element("h3", "", queue.stakeholder.name));
    const list = element("ol");
    for (const question of queue.questions) list.append(card(question, { host }));
    if (queue.questions.length === 0) list.append(element("li", "muted", t("panel.queue_empty")));
    section.append(list);
    queues.append(section);
  }
}

async function reload() {
  const view = await api("GET", `/api/v1/sessions/${encodeURIComponent(slug)}/panel`);
  render(view);
  return view.sequence;
}

function reloadSoon() {
  if (reloading) return;
  reloading = setTimeout(() => { reloading = null; reload().catch(() => {}); }, 80);
}

async function start() {
  const session = await api("GET", `/api/v1/sessions/${encodeURIComponent(slug)}`);
  $("session-title").textContent = session.session.title;
  $("panel").hidden = false;
  const sequence = await reload();
  stream = new LiveStream(slug, sequence, reloadSoon, (state) => {
    $("connection").dataset.state = state;
    $("connection").textContent = t(state === "live" ? "panel.connection.live" : "panel.connection.reconnecting");
  });
  stream.open();
}

async function main() {
  t = await loadMessages(currentLanguage());
  translatePage(t);
  const other = t.language === "id" ? "en" : "id";
  $("language").textContent = other.toUpperCase();
  $("language").addEventListener("click", () => { chooseLanguage(other); location.reload(); });
  await whenSignedIn(t, (signedIn) => {
    me = signedIn;
    return start();
  });
}

main();
