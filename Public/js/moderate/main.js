// The moderator console at /moderate/{slug}: sign in, load the session's questions, follow its event
// stream, and moderate with the keyboard or the mouse. See the `?` overlay for the keys.

import { api, ApiError } from "../api.js";
import { chooseLanguage, currentLanguage, loadMessages, translatePage } from "../i18n.js";
import { QueueModel, STATES } from "./model.js";
import { LiveStream } from "./stream.js";
import { card } from "./render.js";

const PAGE_SIZE = 50;
const REASONS = ["spam", "abusive", "off_topic", "duplicate", "other"];
const CLASSIFICATIONS = ["consultation", "report", "information"];
const KEYS = [
  ["j / k", "moderate.help.move"], ["g", "moderate.help.top"], ["a", "moderate.action.approve"], ["r", "moderate.help.reject"],
  ["h", "moderate.action.hold"], ["p", "moderate.action.restore"], ["e", "moderate.action.edit"],
  ["x", "moderate.action.redact"], ["m", "moderate.help.merge"], ["s", "moderate.action.star"],
  ["t", "moderate.action.tag"], ["n", "moderate.action.note"], ["c", "moderate.action.classify"],
  ["d", "moderate.action.assign"],
  ["u", "moderate.action.undo"], ["space", "moderate.help.pick"], ["/", "moderate.help.search"],
  ["1 … 8", "moderate.help.tabs"], ["[ / ]", "moderate.help.pages"], ["?", "moderate.help.title"],
  ["Esc", "moderate.help.escape"],
];

const $ = (id) => document.getElementById(id);
const slug = decodeURIComponent(location.pathname.split("/").filter(Boolean)[1] ?? "");

const ui = {
  render: () => render(),
  t: null,
  model: new QueueModel(),
  stream: null,
  tab: "pending",
  filter: { text: "", source: "", tag: "", stakeholder: "", kind: "", starred: false },
  page: 0,
  selectedId: null,
  selectedIndex: 0,
  /**
   * Whether the moderator chose the selected card (by moving, clicking or acting on it). A chosen card keeps
   * the selection while newer cards arrive above it (the page follows it), so a key never hits a card the
   * moderator has not seen; otherwise the selection rests on the newest card, page 1, where arrivals show.
   */
  pinned: false,
  checked: new Set(),
  /** The session's panel: stakeholder id → {name, shortName}, for assigning and for the cards. */
  stakeholders: new Map(),
  scheduled: false,
  firstRender: true,
};
// For the browser tests and Benchmarks/console: the console's state and its render function.
window.ketupekConsole = ui;

// MARK: rendering

function scheduleRender() {
  if (ui.scheduled) return;
  ui.scheduled = true;
  requestAnimationFrame(() => {
    ui.scheduled = false;
    render();
  });
}

function currentView() {
  return ui.model.view(ui.tab, ui.filter);
}

function render() {
  const { t, model } = ui;
  const started = performance.now();
  renderTabs();
  renderFilterOptions();
  const view = currentView();
  const pages = Math.max(1, Math.ceil(view.length / PAGE_SIZE));
  let index = ui.pinned ? view.findIndex((q) => q.id === ui.selectedId) : (view.length > 0 ? 0 : -1);
  if (index >= 0) ui.selectedId = view[index].id;
  if (index < 0 && view.length > 0) {
    index = Math.min(ui.selectedIndex, view.length - 1);
    ui.selectedId = view[index].id;
  }
  if (index >= 0) {
    ui.selectedIndex = index;
    ui.page = Math.floor(index / PAGE_SIZE);
  }
  ui.page = Math.min(ui.page, pages - 1);
  const slice = view.slice(ui.page * PAGE_SIZE, (ui.page + 1) * PAGE_SIZE);
  const fragment = document.createDocumentFragment();
  for (const question of slice) {
    fragment.append(card(question, {
      t, model, selected: question.id === ui.selectedId, checked: ui.checked.has(question.id),
      stakeholders: ui.stakeholders,
    }));
  }
  $("cards").replaceChildren(fragment);
  $("empty").hidden = view.length > 0;
  $("page-info").textContent = t("moderate.page.info", { page: ui.page + 1, pages, count: view.length });
  $("prev-page").disabled = ui.page === 0;
  $("next-page").disabled = ui.page >= pages - 1;
  $("bulk-count").textContent = t("moderate.bulk.count", { count: ui.checked.size });
  $("select-page").checked = slice.length > 0 && slice.every((q) => ui.checked.has(q.id));
  document.querySelector(".card.selected")?.scrollIntoView({ block: "nearest" });
  if (ui.firstRender && model.questions.size > 0) {
    ui.firstRender = false;
    document.body.dataset.renderMs = String(Math.round(performance.now() - started));
  }
}

function renderTabs() {
  const { t, model } = ui;
  const tabs = $("tabs");
  if (tabs.childElementCount !== STATES.length) {
    tabs.replaceChildren(...STATES.map((state, index) => {
      const button = document.createElement("button");
      button.type = "button";
      button.setAttribute("role", "tab");
      button.dataset.state = state;
      button.title = String(index + 1);
      button.append(document.createElement("span"), document.createElement("span"));
      button.lastChild.className = "count";
      button.addEventListener("click", () => switchTab(state));
      return button;
    }));
  }
  for (const button of tabs.children) {
    const state = button.dataset.state;
    button.firstChild.textContent = t(`moderate.state.${state}`);
    button.lastChild.textContent = String(model.counts[state] ?? 0);
    button.setAttribute("aria-selected", String(state === ui.tab));
  }
}

function fillSelect(select, values, allKey, prefix = "") {
  const wanted = [""].concat([...values].sort());
  const current = [...select.options].map((o) => o.value);
  if (current.length === wanted.length && current.every((v, i) => v === wanted[i]) &&
      select.options[0]?.textContent === ui.t(allKey)) return;
  const value = select.value;
  select.replaceChildren(...wanted.map((v) => {
    const option = document.createElement("option");
    option.value = v;
    option.textContent = v ? `${prefix}${v}` : ui.t(allKey);
    return option;
  }));
  select.value = wanted.includes(value) ? value : "";
}

function renderFilterOptions() {
  fillSelect($("filter-source"), ui.model.sources, "moderate.filter.source.all");
  fillSelect($("filter-tag"), ui.model.tags, "moderate.filter.tag.all", "#");
  const select = $("filter-stakeholder");
  select.hidden = ui.stakeholders.size === 0;
  if (select.options.length !== ui.stakeholders.size + 1) {
    const value = select.value;
    const all = document.createElement("option");
    all.value = "";
    all.textContent = ui.t("moderate.filter.stakeholder.all");
    select.replaceChildren(all, ...[...ui.stakeholders.values()].map((member) => {
      const option = document.createElement("option");
      option.value = String(member.id);
      option.textContent = member.shortName;
      return option;
    }));
    select.value = value;
  }
}

function setConnection(state) {
  const indicator = $("connection");
  indicator.dataset.state = state;
  $("connection-text").dataset.i18n = `moderate.connection.${state}`;
  $("connection-text").textContent = ui.t(`moderate.connection.${state}`);
}

function notify(text, kind = "error") {
  $("notice").hidden = false;
  $("notice").dataset.kind = kind;
  $("notice-text").textContent = text;
}

// MARK: moving around

function switchTab(state) {
  ui.tab = state;
  ui.pinned = false;
  ui.page = 0;
  ui.selectedId = null;
  ui.selectedIndex = 0;
  scheduleRender();
}

function move(delta) {
  const view = currentView();
  if (view.length === 0) return;
  let index = view.findIndex((q) => q.id === ui.selectedId);
  index = Math.max(0, Math.min(view.length - 1, (index < 0 ? 0 : index) + delta));
  ui.selectedId = view[index].id;
  ui.selectedIndex = index;
  ui.pinned = true;
  // On the same page only the highlight moves; the cards stay as they are.
  const next = document.querySelector(`.card[data-id="${ui.selectedId}"]`);
  if (next && !ui.scheduled) {
    document.querySelector(".card.selected")?.classList.remove("selected");
    next.classList.add("selected");
    next.scrollIntoView({ block: "nearest" });
  } else {
    render();
  }
}

/** Back to the newest card on page 1, following new arrivals again. */
function toTop() {
  ui.pinned = false;
  ui.page = 0;
  render();
}

function turnPage(delta) {
  const view = currentView();
  const pages = Math.max(1, Math.ceil(view.length / PAGE_SIZE));
  const page = Math.max(0, Math.min(pages - 1, ui.page + delta));
  const question = view[page * PAGE_SIZE];
  if (question) {
    ui.selectedId = question.id;
    ui.selectedIndex = page * PAGE_SIZE;
    ui.pinned = page > 0;
  }
  ui.page = page;
  render();
}

function selected() {
  return ui.model.get(ui.selectedId);
}

// MARK: commands

async function send(question, body) {
  try {
    const result = await api("POST", `/api/v1/questions/${question.id}/commands`,
                             { ...body, expectedVersion: question.version });
    ui.model.upsert(result);
    $("notice").hidden = true;
  } catch (error) {
    showFailure(error, question);
  }
  scheduleRender();
}

function showFailure(error, question) {
  const { t } = ui;
  if (error instanceof ApiError && error.code === "stale_version" && error.details?.current) {
    const current = error.details.current;
    ui.model.upsert(current);
    notify(t("moderate.stale", { id: current.id, state: t(`moderate.state.${current.state}`),
                                 version: current.version }), "stale");
  } else if (error instanceof ApiError && error.status === 401) {
    showLogin();
  } else if (error instanceof ApiError) {
    notify(t("moderate.refused", { id: question?.id ?? "", message: error.message, status: error.status }));
  } else {
    notify(t("moderate.failed", { message: String(error.message ?? error) }));
  }
}

async function sendBulk(command) {
  const questions = [...ui.checked].map((id) => ui.model.get(id)).filter(Boolean);
  if (questions.length === 0) return;
  try {
    const { results } = await api("POST", `/api/v1/sessions/${encodeURIComponent(slug)}/commands`, {
      commands: questions.map((q) => ({ questionID: q.id, expectedVersion: q.version, ...command })),
    });
    let refused = 0;
    for (const result of results) {
      if (result.question) ui.model.upsert(result.question);
      if (result.status !== "applied") refused += 1;
    }
    ui.checked.clear();
    if (refused > 0) notify(ui.t("moderate.bulk.refused", { refused, count: results.length }), "stale");
    else $("notice").hidden = true;
  } catch (error) {
    showFailure(error);
  }
  scheduleRender();
}

function choose(dialogId, choicesId, values, labelKey, label = (value) => ui.t(`${labelKey}.${value}`)) {
  return new Promise((resolve) => {
    const dialog = $(dialogId);
    const choices = $(choicesId);
    choices.replaceChildren(...values.map((value, index) => {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = `${index + 1} · ${label(value)}`;
      button.dataset.value = value;
      button.addEventListener("click", () => finish(value));
      return button;
    }));
    const onKey = (event) => {
      const number = Number(event.key);
      if (number >= 1 && number <= values.length) {
        // The number picks a choice; it must not also reach the console's keys (1 … 8 switch tabs) once the
        // dialog has closed.
        event.preventDefault();
        event.stopPropagation();
        finish(values[number - 1]);
      }
    };
    const finish = (value) => {
      dialog.removeEventListener("keydown", onKey);
      dialog.removeEventListener("close", onClose);
      if (dialog.open) dialog.close();
      resolve(value);
    };
    const onClose = () => finish(null);
    dialog.addEventListener("keydown", onKey);
    dialog.addEventListener("close", onClose);
    dialog.showModal();
    choices.firstChild?.focus();
  });
}

/** Opens the text dialog; resolves to {text, spans} or null. */
function textDialog({ title, hint, value, readOnly = false, redact = false }) {
  return new Promise((resolve) => {
    const dialog = $("text-dialog");
    const input = $("text-input");
    const spans = [];
    $("text-title").textContent = title;
    $("text-hint").textContent = hint ?? "";
    $("text-spans").textContent = "";
    input.value = value ?? "";
    input.readOnly = readOnly;
    $("text-add-span").hidden = !redact;
    const showSpans = () => {
      $("text-spans").textContent = spans.map((s) => `“${input.value.slice(s.start, s.start + s.length)}”`).join("  ");
    };
    const addSpan = () => {
      const start = input.selectionStart;
      const end = input.selectionEnd;
      if (end > start && !spans.some((s) => start < s.start + s.length && s.start < end)) {
        spans.push({ start, length: end - start });
        showSpans();
      }
    };
    const onSubmit = (event) => {
      event.preventDefault();
      if (redact && spans.length === 0) addSpan();
      done({ text: input.value, spans });
    };
    const onKey = (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey || redact)) onSubmit(event);
    };
    const done = (result) => {
      $("text-form").removeEventListener("submit", onSubmit);
      $("text-add-span").removeEventListener("click", addSpan);
      input.removeEventListener("keydown", onKey);
      dialog.removeEventListener("close", onClose);
      if (dialog.open) dialog.close();
      resolve(result);
    };
    const onClose = () => done(null);
    $("text-form").addEventListener("submit", onSubmit);
    $("text-add-span").addEventListener("click", addSpan);
    input.addEventListener("keydown", onKey);
    dialog.addEventListener("close", onClose);
    dialog.showModal();
    input.focus();
    if (!redact) input.select();
  });
}

async function act(action, question = selected()) {
  const { t } = ui;
  if (!question) return;
  ui.selectedId = question.id;
  ui.pinned = true;
  switch (action) {
    case "approve": return send(question, { command: "approve" });
    case "hold": return send(question, { command: "hold" });
    case "restore": return send(question, { command: "restore" });
    case "undo": return send(question, { command: "undo" });
    case "star": return send(question, { command: "star", starred: !question.starred });
    case "reject": {
      const reason = await choose("reason-dialog", "reason-choices", REASONS, "moderate.reason");
      if (reason) await send(ui.model.get(question.id), { command: "reject", reason });
      return;
    }
    case "assign": {
      const ids = [...ui.stakeholders.keys()];
      if (ids.length === 0) return notify(t("moderate.assign.no_panel", { slug }));
      const id = await choose("assign-dialog", "assign-choices", ids, null, (value) => ui.stakeholders.get(value).name);
      if (id) await send(ui.model.get(question.id), { command: "assign", stakeholderID: id });
      return;
    }
    case "classify": {
      const value = await choose("classify-dialog", "classify-choices", CLASSIFICATIONS, "moderate.classification");
      if (value) await send(ui.model.get(question.id), { command: "classify", classification: value });
      return;
    }
    case "edit": {
      const result = await textDialog({ title: t("moderate.action.edit"), hint: t("moderate.edit.hint"),
                                        value: question.text });
      if (result && result.text.trim() && result.text !== question.text) {
        await send(ui.model.get(question.id), { command: "edit", text: result.text });
      }
      return;
    }
    case "redact": {
      const result = await textDialog({ title: t("moderate.action.redact"), hint: t("moderate.redact.hint"),
                                        value: question.text, readOnly: true, redact: true });
      if (result && result.spans.length > 0) await send(ui.model.get(question.id), { command: "redact", spans: result.spans });
      return;
    }
    case "note": {
      const result = await textDialog({ title: t("moderate.action.note"), hint: t("moderate.note.hint"), value: "" });
      if (result && result.text.trim()) await send(ui.model.get(question.id), { command: "note", text: result.text });
      return;
    }
    case "tag": {
      const result = await textDialog({ title: t("moderate.action.tag"), hint: t("moderate.tag.hint"),
                                        value: (question.tags ?? []).join(" ") });
      if (!result) return;
      const words = result.text.split(/[\s,]+/).filter(Boolean);
      const add = words.filter((w) => !w.startsWith("-")).map((w) => w.replace(/^#/, ""));
      const remove = words.filter((w) => w.startsWith("-")).map((w) => w.slice(1).replace(/^#/, ""))
        .concat((question.tags ?? []).filter((tag) => !add.includes(tag)));
      return send(ui.model.get(question.id), { command: "tag", add, remove });
    }
    case "merge": {
      // Checked cards merge into the selected one; with none checked, the selected merges into its duplicate.
      const others = [...ui.checked].filter((id) => id !== question.id);
      if (others.length > 0) {
        const { results } = await api("POST", `/api/v1/sessions/${encodeURIComponent(slug)}/commands`, {
          commands: others.map((id) => ({ questionID: id, command: "merge", into: question.id,
                                          expectedVersion: ui.model.get(id)?.version ?? 0 })),
        }).catch((error) => { showFailure(error, question); return { results: [] }; });
        for (const result of results) if (result.question) ui.model.upsert(result.question);
        const refused = results.filter((r) => r.status !== "applied").length;
        if (refused > 0) notify(t("moderate.bulk.refused", { refused, count: results.length }), "stale");
        ui.checked.clear();
        await refresh(question.id);
        scheduleRender();
        return;
      }
      return act("merge-hint", question);
    }
    case "merge-hint": {
      const hint = (question.duplicates ?? []).find((h) => {
        const other = ui.model.get(h.questionID);
        return other && other.state !== "merged" && other.state !== "rejected";
      });
      if (!hint) return notify(t("moderate.merge.none"), "info");
      return send(question, { command: "merge", into: hint.questionID });
    }
    case "check": {
      if (ui.checked.has(question.id)) ui.checked.delete(question.id);
      else ui.checked.add(question.id);
      return scheduleRender();
    }
    default:
  }
}

/** Reads one question again (the kept question of a merge also arrives by the stream; this is quicker). */
async function refresh(id) {
  try {
    const { question } = await api("GET", `/api/v1/questions/${id}`);
    ui.model.upsert(question);
  } catch {
    // The stream brings it anyway.
  }
}

// MARK: input

function onKeyDown(event) {
  if (document.querySelector("dialog[open]")) return;
  const target = event.target;
  const typing = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement;
  if (typing) {
    if (event.key === "Escape" || (event.key === "Enter" && target.id === "search")) target.blur();
    return;
  }
  if (event.ctrlKey || event.metaKey || event.altKey || $("console").hidden) return;
  const key = event.key;
  const actions = { a: "approve", r: "reject", h: "hold", p: "restore", e: "edit", x: "redact", m: "merge",
                    s: "star", t: "tag", n: "note", c: "classify", d: "assign", u: "undo" };
  if (key === "j" || key === "ArrowDown") move(1);
  else if (key === "k" || key === "ArrowUp") move(-1);
  else if (key === "]") turnPage(1);
  else if (key === "[") turnPage(-1);
  else if (key === "g") toTop();
  else if (key === "/") $("search").focus();
  else if (key === "?") $("help-dialog").showModal();
  else if (key === " ") act("check");
  else if (key === "Escape") {
    ui.checked.clear();
    $("notice").hidden = true;
    scheduleRender();
  } else if (/^[1-8]$/.test(key)) switchTab(STATES[Number(key) - 1]);
  else if (actions[key]) act(actions[key]);
  else return;
  event.preventDefault();
}

function wire() {
  document.addEventListener("keydown", onKeyDown);
  $("cards").addEventListener("click", (event) => {
    const item = event.target.closest(".card");
    if (!item) return;
    const question = ui.model.get(Number(item.dataset.id));
    const action = event.target.closest("[data-action]")?.dataset.action;
    if (action) {
      if (action === "check") event.preventDefault();
      act(action, question);
    } else if (!event.target.closest("details") && question) {
      ui.selectedId = question.id;
      ui.pinned = true;
      render();
    }
  });
  // A new filter starts again at the newest matching card.
  const refilter = (field, value) => {
    ui.filter[field] = value;
    ui.page = 0;
    ui.pinned = false;
    scheduleRender();
  };
  $("search").addEventListener("input", () => refilter("text", $("search").value));
  for (const [id, field] of [["filter-source", "source"], ["filter-tag", "tag"], ["filter-stakeholder", "stakeholder"],
                             ["filter-kind", "kind"]]) {
    $(id).addEventListener("change", () => refilter(field, $(id).value));
  }
  $("filter-starred").addEventListener("change", () => refilter("starred", $("filter-starred").checked));
  $("prev-page").addEventListener("click", () => turnPage(-1));
  $("next-page").addEventListener("click", () => turnPage(1));
  $("help-button").addEventListener("click", () => $("help-dialog").showModal());
  $("notice-close").addEventListener("click", () => { $("notice").hidden = true; });
  $("select-page").addEventListener("change", () => {
    const slice = currentView().slice(ui.page * PAGE_SIZE, (ui.page + 1) * PAGE_SIZE);
    for (const q of slice) {
      if ($("select-page").checked) ui.checked.add(q.id);
      else ui.checked.delete(q.id);
    }
    scheduleRender();
  });
  for (const button of document.querySelectorAll("[data-bulk]")) {
    button.addEventListener("click", async () => {
      const kind = button.dataset.bulk;
      if (kind === "clear") { ui.checked.clear(); return scheduleRender(); }
      if (kind === "reject") {
        const reason = await choose("reason-dialog", "reason-choices", REASONS, "moderate.reason");
        if (reason) await sendBulk({ command: "reject", reason });
        return;
      }
      await sendBulk({ command: kind });
    });
  }
  for (const close of document.querySelectorAll("dialog [data-close]")) {
    close.addEventListener("click", () => close.closest("dialog").close());
  }
  $("language").addEventListener("click", async () => {
    const next = ui.t.language === "id" ? "en" : "id";
    chooseLanguage(next);
    await applyLanguage(next);
    scheduleRender();
    // Remembered for the user too, so it follows them to another browser.
    if (!$("console").hidden) api("PATCH", "/api/v1/auth/me", { language: next }).catch(() => {});
  });
  $("logout").addEventListener("click", async () => {
    try { await api("POST", "/api/v1/auth/logout"); } catch { /* signed out either way */ }
    location.reload();
  });
  $("login-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    $("login-error").textContent = "";
    try {
      await api("POST", "/api/v1/auth/login", { username: $("username").value, password: $("password").value });
      $("password").value = "";
      await start();
    } catch (error) {
      $("login-error").textContent = error instanceof ApiError && error.status === 401
        ? ui.t("moderate.login.wrong") : ui.t("moderate.failed", { message: error.message });
    }
  });
}

async function applyLanguage(language) {
  ui.t = await loadMessages(language);
  translatePage(ui.t);
  document.title = `${ui.t("app.name")} — ${ui.t("moderate.title")}`;
  const keys = $("help-keys");
  keys.replaceChildren(...KEYS.flatMap(([key, label]) => {
    const dt = document.createElement("dt");
    dt.textContent = key;
    const dd = document.createElement("dd");
    dd.textContent = ui.t(label);
    return [dt, dd];
  }));
  setConnection($("connection").dataset.state);
}

// MARK: start

function showLogin() {
  ui.stream?.close();
  $("console").hidden = true;
  $("logout").hidden = true;
  $("login").hidden = false;
  $("username").focus();
}

async function loadQuestions() {
  const started = performance.now();
  let after = "";
  let sequence = null;
  for (let page = 0; page < 1000; page += 1) {
    const query = `limit=500${after ? `&after=${after}` : ""}`;
    const result = await api("GET", `/api/v1/sessions/${encodeURIComponent(slug)}/questions?${query}`);
    if (sequence === null) sequence = result.sequence;
    for (const question of result.questions) ui.model.upsert(question);
    if (!result.nextCursor) break;
    after = result.nextCursor;
  }
  document.body.dataset.loadMs = String(Math.round(performance.now() - started));
  return sequence ?? 0;
}

async function start() {
  let me;
  try {
    me = await api("GET", "/api/v1/auth/me");
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return showLogin();
    throw error;
  }
  $("login").hidden = true;
  $("console").hidden = false;
  $("logout").hidden = false;
  $("who").textContent = me.name ?? me.user?.displayName ?? "";
  const remembered = me.user?.language;
  if (remembered && remembered !== ui.t.language) {
    chooseLanguage(remembered);
    await applyLanguage(remembered);
  }
  try {
    const { session } = await api("GET", `/api/v1/sessions/${encodeURIComponent(slug)}`);
    $("session-title").textContent = session.title;
    $("publish-link").href = `/publish/${encodeURIComponent(slug)}`;
  } catch (error) {
    notify(ui.t("moderate.no_session", { slug }));
    return;
  }
  try {
    const panel = await api("GET", `/api/v1/sessions/${encodeURIComponent(slug)}/panel`);
    ui.stakeholders = new Map(panel.stakeholders.map((member) => [member.id, member]));
  } catch {
    ui.stakeholders = new Map();
  }
  const sequence = await loadQuestions();
  render();
  ui.stream = new LiveStream(slug, sequence, (event) => {
    if (event.question) ui.model.upsert(event.question);
    scheduleRender();
  }, setConnection);
  ui.stream.open();
  document.body.dataset.ready = "true";
}

async function boot() {
  await applyLanguage(currentLanguage());
  wire();
  await start();
}

boot().catch((error) => notify(String(error?.message ?? error)));
