// The broadcast overlay: shows the question on air as a lower third, updated live.
// The page is opened by a secret link /overlay/{slug}/{key}; its data comes from /api/v1/overlay/{slug}/{key},
// fetched again whenever the session's public event stream reports a change.

const [, , slug, key] = location.pathname.split("/").map(decodeURIComponent);
const box = document.querySelector(".lower-third");
const SIZES = 6;
let shownId = null;

/** Keeps the largest text size whose box still fits its maximum height. */
function fit() {
  for (let size = 0; size < SIZES; size += 1) {
    box.classList.remove(...Array.from({ length: SIZES }, (_, index) => `fit-${index}`));
    box.classList.add(`fit-${size}`);
    if (box.scrollHeight <= box.clientHeight + 1) return;
  }
}

function show(onAir) {
  if (!onAir) {
    box.classList.remove("visible");
    shownId = null;
    return;
  }
  const changed = onAir.id !== shownId;
  box.querySelector(".question").textContent = onAir.text;
  box.querySelector(".author").textContent = onAir.author;
  box.querySelector(".stakeholder").textContent = onAir.stakeholder ?? "";
  box.dataset.questionId = String(onAir.id);
  box.hidden = false;
  fit();
  if (changed) {
    box.classList.remove("visible");
    requestAnimationFrame(() => requestAnimationFrame(() => box.classList.add("visible")));
  }
  shownId = onAir.id;
}

async function refresh() {
  const response = await fetch(`/api/v1/overlay/${encodeURIComponent(slug)}/${encodeURIComponent(key)}`,
                               { cache: "no-store" });
  if (!response.ok) throw new Error(`overlay: HTTP ${response.status}`);
  const view = await response.json();
  document.documentElement.lang = view.language;
  show(view.onAir);
  return view.sequence;
}

let pending = null;
function refreshSoon() {
  if (pending) return;
  pending = setTimeout(() => { pending = null; refresh().catch(() => {}); }, 50);
}

const sequence = await refresh();
const events = new EventSource(`/api/v1/sessions/${encodeURIComponent(slug)}/events?lastEventId=${sequence}`);
for (const kind of ["question.on_air", "question.off_air", "question.answered", "question.deferred",
                    "question.edited", "question.redacted", "question.assigned"]) {
  events.addEventListener(kind, refreshSoon);
}
events.addEventListener("open", refreshSoon);
window.addEventListener("resize", fit);
