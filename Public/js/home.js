// Landing page: keeps each live session's counts current from its public event stream.
// Public events carry only public questions in full; others arrive as {questionID, state, previousState}.
// The stream resumes after the log position the page was rendered at, so nothing in between is missed.

const PUBLIC_STATES = new Set(["approved", "on_air", "deferred", "answered"]);

const renderedAt = document.querySelector("main")?.dataset.sequence ?? "";

function follow(item) {
  const slug = item.dataset.slug;
  const counter = (name) => item.querySelector(`[data-count="${name}"]`);
  const bump = (name, delta) => {
    const element = counter(name);
    if (element) element.textContent = String(Math.max(0, Number(element.textContent) + delta));
  };
  const resume = renderedAt ? `?lastEventId=${encodeURIComponent(renderedAt)}` : "";
  const source = new EventSource(`/api/v1/sessions/${encodeURIComponent(slug)}/events${resume}`);
  const onQuestion = (message) => {
    const event = JSON.parse(message.data);
    const state = event.state ?? event.question?.state;
    const previous = event.previousState;
    if (event.kind === "question.received") bump("received", 1);
    const wasPublic = previous ? PUBLIC_STATES.has(previous) : false;
    const isPublic = PUBLIC_STATES.has(state);
    if (wasPublic !== isPublic) bump("approved", isPublic ? 1 : -1);
    if ((previous === "answered") !== (state === "answered")) bump("answered", state === "answered" ? 1 : -1);
  };
  // Every question event carries the state before and after, so any transition keeps the counts right.
  for (const kind of ["question.received", "question.approved", "question.rejected", "question.held",
                      "question.restored", "question.merged", "question.undone", "question.on_air",
                      "question.off_air", "question.answered", "question.deferred"]) {
    source.addEventListener(kind, onQuestion);
  }
}

for (const item of document.querySelectorAll("li.session[data-state='live']")) follow(item);
