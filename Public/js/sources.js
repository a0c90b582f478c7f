// The admin sources screen: sign in if needed, then list the session's sources (state, counters, last error)
// and add, start, stop and remove them. Every text from the server goes in through textContent.
import { api, ApiError } from "./api.js";
import { loadMessages } from "./i18n.js";

const main = document.querySelector("main");
const slug = main.dataset.slug;
const status = document.getElementById("status");
const section = document.getElementById("sources");
const login = document.getElementById("login");
let t = (key) => key;

function cell(text) {
  const element = document.createElement("td");
  element.textContent = text ?? "";
  return element;
}

function button(label, action) {
  const element = document.createElement("button");
  element.type = "button";
  element.textContent = t(label);
  element.dataset.action = label.split(".")[1];
  element.addEventListener("click", async () => {
    try {
      await action();
      await refresh();
    } catch (error) {
      status.textContent = error.message;
    }
  });
  return element;
}

/** Key=value lines as an object (an empty value removes the key when saved). */
function parseSettings(text) {
  const settings = {};
  for (const line of text.split("\n")) {
    const at = line.indexOf("=");
    if (at > 0) settings[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return settings;
}

/** Opens the configure form for `source`: its name and its settings, credentials shown only as "set". */
function configure(source) {
  const form = document.getElementById("configure");
  form.hidden = false;
  form.dataset.id = source.id;
  document.getElementById("configure-name").value = source.name;
  document.getElementById("configure-settings").value = Object.entries(source.settings)
    .filter(([, value]) => value !== "set").map(([key, value]) => `${key}=${value}`).join("\n");
}

async function refresh() {
  const { sources } = await api("GET", `/api/v1/sessions/${encodeURIComponent(slug)}/sources`);
  const rows = sources.map((source) => {
    const row = document.createElement("tr");
    row.dataset.id = source.id;
    row.dataset.state = source.state;
    const state = cell(source.state);
    state.className = `state state-${source.state}`;
    row.append(cell(source.name), cell(source.kind), state,
               cell(`${source.counters.ingested} / ${source.counters.duplicates}`), cell(source.lastError));
    const actions = document.createElement("td");
    actions.append(
      source.enabled ? button("sources.stop", () => api("POST", `/api/v1/sources/${source.id}/stop`))
                     : button("sources.start", () => api("POST", `/api/v1/sources/${source.id}/start`)),
      button("sources.configure", async () => configure(source)),
      button("sources.remove", () => api("DELETE", `/api/v1/sources/${source.id}`)));
    row.append(actions);
    return row;
  });
  section.querySelector("tbody").replaceChildren(...rows);
}

async function show() {
  try {
    await refresh();
    login.hidden = true;
    section.hidden = false;
    status.textContent = "";
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      login.hidden = false;
    } else if (error instanceof ApiError && error.status === 403) {
      status.textContent = t("sources.admins_only");
    } else {
      status.textContent = error.message;
    }
  }
}

login.addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    await api("POST", "/api/v1/auth/login", {
      username: document.getElementById("username").value, password: document.getElementById("password").value,
    });
    await show();
  } catch (error) {
    status.textContent = error.message;
  }
});

document.getElementById("add").addEventListener("submit", async (event) => {
  event.preventDefault();
  const settings = parseSettings(document.getElementById("settings").value);
  const kind = document.getElementById("kind").value;
  const name = document.getElementById("name").value || kind;
  try {
    const created = await api("POST", `/api/v1/sessions/${encodeURIComponent(slug)}/sources`, { kind, name, settings });
    const hook = document.getElementById("hook");
    hook.hidden = !created.hookPath;
    hook.textContent = created.hookPath ? t("sources.hook", { path: location.origin + created.hookPath }) : "";
    document.getElementById("settings").value = "";
    status.textContent = "";
    await refresh();
  } catch (error) {
    status.textContent = error.message;
  }
});

document.getElementById("configure").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  try {
    await api("PATCH", `/api/v1/sources/${form.dataset.id}`, {
      name: document.getElementById("configure-name").value,
      settings: parseSettings(document.getElementById("configure-settings").value),
    });
    form.hidden = true;
    status.textContent = "";
    await refresh();
  } catch (error) {
    status.textContent = error.message;
  }
});

t = await loadMessages(document.documentElement.lang);
await show();
// States change on their own (backing off, failed, finished): keep the table current.
setInterval(() => { if (!section.hidden) refresh().catch(() => {}); }, 2000);
