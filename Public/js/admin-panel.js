// Admin screen for a session's panel (/admin/panel/{slug}): stakeholders (create), who sits on the panel and
// in which order, and the secret overlay link. Every text from the server is set with textContent.

import { api, whenSignedIn } from "./api.js";
import { currentLanguage, loadMessages, translatePage } from "./i18n.js";

const slug = decodeURIComponent(location.pathname.split("/")[3] ?? "");
const $ = (id) => document.getElementById(id);
let t;

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

async function load() {
  const [all, panel] = await Promise.all([
    api("GET", "/api/v1/stakeholders"),
    api("GET", `/api/v1/sessions/${encodeURIComponent(slug)}/panel`),
  ]);
  const members = panel.stakeholders.map((member) => member.id);
  const ordered = [...panel.stakeholders, ...all.stakeholders.filter((one) => !members.includes(one.id))];
  $("stakeholders").replaceChildren(...ordered.map((stakeholder) => {
    const item = element("li");
    const label = element("label");
    const box = element("input");
    box.type = "checkbox";
    box.value = String(stakeholder.id);
    box.checked = members.includes(stakeholder.id);
    label.append(box, ` ${stakeholder.name} (${stakeholder.shortName})`);
    item.append(label);
    return item;
  }));
}

async function start() {
  const session = await api("GET", `/api/v1/sessions/${encodeURIComponent(slug)}`);
  $("session-title").textContent = session.session.title;
  $("admin").hidden = false;
  await load();
}

async function main() {
  t = await loadMessages(currentLanguage());
  translatePage(t);
  $("save-panel").addEventListener("click", async () => {
    const ids = [...document.querySelectorAll("#stakeholders input:checked")].map((box) => Number(box.value));
    try {
      await api("PUT", `/api/v1/sessions/${encodeURIComponent(slug)}/panel`, { stakeholderIDs: ids });
      $("panel-status").textContent = t("admin.panel.saved");
    } catch (error) {
      $("panel-status").textContent = error.message;
    }
  });
  $("new-stakeholder").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    try {
      await api("POST", "/api/v1/stakeholders", Object.fromEntries(form.entries()));
      event.target.reset();
      await load();
      $("create-status").textContent = t("admin.panel.created");
    } catch (error) {
      $("create-status").textContent = error.message;
    }
  });
  $("overlay-link").addEventListener("click", async () => {
    const link = await api("POST", `/api/v1/sessions/${encodeURIComponent(slug)}/overlay-link`);
    $("overlay-url").textContent = location.origin + link.path;
  });
  await whenSignedIn(t, start);
}

main();
