// Publishing a session to the archive (/publish/{slug}, moderators): the personal-data check over every text
// the transcript would make public, one-click redaction of a finding in a question, then publish (confirming
// what is left on purpose) or unpublish. Every text from the server is set with textContent.

import { api, whenSignedIn } from "./api.js";
import { currentLanguage, loadMessages, translatePage } from "./i18n.js";

const slug = decodeURIComponent(location.pathname.split("/")[2] ?? "");
const sessionPath = `/api/v1/sessions/${encodeURIComponent(slug)}`;
const $ = (id) => document.getElementById(id);
let t;
let session;
let findings = [];

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The text with each finding's span (UTF-16 offsets, as JavaScript counts) in a <mark>. */
function highlighted(text, matches) {
  const paragraph = element("p", "finding-text");
  let at = 0;
  for (const match of [...matches].sort((a, b) => a.start - b.start)) {
    if (match.start < at) continue;
    paragraph.append(text.slice(at, match.start), element("mark", "", text.slice(match.start, match.start + match.length)));
    at = match.start + match.length;
  }
  paragraph.append(text.slice(at));
  return paragraph;
}

async function renderFinding(finding) {
  const item = element("li", "finding");
  item.dataset.question = String(finding.questionID);
  item.dataset.field = finding.field;
  const { question } = await api("GET", `/api/v1/questions/${finding.questionID}`);
  const text = finding.field === "text" ? question.text : finding.field === "asker" ? question.author : question.answer?.summary ?? "";
  item.append(
    element("p", "finding-field", t(`publish.field.${finding.field}`, { id: finding.questionID })),
    highlighted(text, finding.matches),
    element("p", "finding-kinds", finding.matches.map((match) => t(`publish.kind.${match.kind}`)).join(", ")),
  );
  if (finding.field === "text") {
    const redact = element("button", "redact", t("publish.redact"));
    redact.type = "button";
    redact.addEventListener("click", async () => {
      try {
        await api("POST", `/api/v1/questions/${finding.questionID}/commands`, {
          command: "redact", expectedVersion: question.version,
          spans: finding.matches.map(({ start, length }) => ({ start, length })),
        });
        await refresh();
      } catch (error) {
        $("status").textContent = error.message;
      }
    });
    item.append(redact);
  } else {
    item.append(element("p", "hint", t("publish.edit_elsewhere")));
  }
  return item;
}

async function refresh() {
  session = (await api("GET", sessionPath)).session;
  $("session-title").textContent = session.title;
  $("state").textContent = t(`session.state.${session.state}`);
  findings = (await api("GET", `${sessionPath}/archive/check`)).findings;
  $("check-summary").textContent = findings.length === 0
    ? t("publish.clean") : t("publish.found", { count: findings.length });
  $("findings").replaceChildren(...await Promise.all(findings.map(renderFinding)));
  $("confirm-label").hidden = findings.length === 0;
  $("confirm").checked = false;
  const published = session.state === "published";
  $("publish-button").hidden = published;
  $("unpublish-button").hidden = !published;
  $("hint").textContent = session.state === "ended" || published ? "" : t("publish.end_first");
  const link = $("archive-link");
  link.hidden = !published;
  link.href = `/${t.language}/archive/${encodeURIComponent(slug)}`;
  updateButton();
}

function updateButton() {
  $("publish-button").disabled = session.state !== "ended" || (findings.length > 0 && !$("confirm").checked);
}

async function changeState(state) {
  try {
    const body = { state };
    if (state === "published") body.confirmPersonalData = $("confirm").checked;
    await api("POST", `${sessionPath}/state`, body);
    $("status").textContent = t(state === "published" ? "publish.done" : "publish.withdrawn");
  } catch (error) {
    $("status").textContent = error.message;
  }
  await refresh();
}

async function start() {
  $("publish").hidden = false;
  await refresh();
}

async function main() {
  t = await loadMessages(currentLanguage());
  translatePage(t);
  $("confirm").addEventListener("change", updateButton);
  $("publish-button").addEventListener("click", () => changeState("published"));
  $("unpublish-button").addEventListener("click", () => changeState("ended"));
  await whenSignedIn(t, start);
}

main();
