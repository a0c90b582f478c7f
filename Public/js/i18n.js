// Languages for the screens: the same catalogues the server renders pages with (/i18n/{id,en}.json).
// The choice is the user's (remembered in the ketupek_lang cookie, shared with the server), else the
// browser's languages, else Bahasa Indonesia.

export const LANGUAGES = ["id", "en"];
const COOKIE = "ketupek_lang";

/** The language to show: the remembered choice, else the first browser language we speak, else "id". */
export function currentLanguage() {
  const chosen = document.cookie.split("; ").find((part) => part.startsWith(`${COOKIE}=`))?.split("=")[1];
  if (LANGUAGES.includes(chosen)) return chosen;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const primary = String(tag).toLowerCase().split("-")[0];
    if (primary === "in") return "id";
    if (LANGUAGES.includes(primary)) return primary;
  }
  return "id";
}

/** Remembers `language` for this browser (a year), for the screens and the server-rendered pages alike. */
export function chooseLanguage(language) {
  if (!LANGUAGES.includes(language)) throw new Error(`unknown language ${language}`);
  document.cookie = `${COOKIE}=${language}; Path=/; Max-Age=31536000; SameSite=Lax`;
}

/** Loads the catalogue of `language` and returns t(key, {name: value}) that fills {name} placeholders. */
export async function loadMessages(language = currentLanguage()) {
  const response = await fetch(`/i18n/${language}.json`, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`no catalogue for ${language}: ${response.status}`);
  const messages = await response.json();
  const t = (key, values = {}) =>
    (messages[key] ?? key).replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
  t.language = language;
  return t;
}

/** Fills every element with data-i18n="key" (text) and data-i18n-title / -placeholder / -aria-label. */
export function translatePage(t, root = document) {
  document.documentElement.lang = t.language;
  for (const element of root.querySelectorAll("[data-i18n]")) element.textContent = t(element.dataset.i18n);
  for (const [attribute, data] of [["title", "i18nTitle"], ["placeholder", "i18nPlaceholder"],
                                    ["aria-label", "i18nAriaLabel"]]) {
    for (const element of root.querySelectorAll(`[data-i18n-${attribute}]`)) {
      element.setAttribute(attribute, t(element.dataset[data]));
    }
  }
}
