// The session's event stream with a connection state for the indicator. The browser's EventSource
// reconnects by itself and sends Last-Event-ID; when it gives up (the server answered with an error), we
// open a new one after a pause, resuming after the last sequence we applied.

export const QUESTION_EVENTS = [
  "question.received", "question.approved", "question.rejected", "question.held", "question.restored",
  "question.edited", "question.redacted", "question.merged", "question.duplicate_added",
  "question.duplicate_removed", "question.undone", "question.noted", "question.tagged", "question.starred",
  "question.classified", "question.assigned", "question.on_air", "question.off_air", "question.answered",
  "question.answer_edited", "question.deferred", "question.voted",
];

export class LiveStream {
  /**
   * @param {string} slug the session
   * @param {number} after the log sequence the listing was read at
   * @param {(event: object) => void} onEvent called with each parsed event, in order
   * @param {(state: "connecting"|"live"|"reconnecting") => void} onState
   */
  constructor(slug, after, onEvent, onState) {
    this.slug = slug;
    this.lastSequence = after;
    this.onEvent = onEvent;
    this.onState = onState;
    this.retryDelay = 1000;
    this.closed = false;
  }

  open() {
    if (this.closed) return;
    this.onState(this.source ? "reconnecting" : "connecting");
    const url = `/api/v1/sessions/${encodeURIComponent(this.slug)}/events?lastEventId=${this.lastSequence}`;
    const source = new EventSource(url, { withCredentials: true });
    this.source = source;
    source.addEventListener("open", () => {
      this.retryDelay = 1000;
      this.onState("live");
    });
    source.addEventListener("error", () => {
      if (source.readyState === EventSource.CLOSED) {
        this.onState("reconnecting");
        const delay = this.retryDelay;
        this.retryDelay = Math.min(this.retryDelay * 2, 15000);
        setTimeout(() => this.open(), delay);
      } else {
        this.onState("reconnecting");
      }
    });
    const handle = (message) => {
      const sequence = Number(message.lastEventId);
      if (Number.isFinite(sequence) && sequence <= this.lastSequence) return;
      if (Number.isFinite(sequence)) this.lastSequence = sequence;
      this.onEvent(JSON.parse(message.data));
    };
    for (const kind of QUESTION_EVENTS) source.addEventListener(kind, handle);
  }

  /** Drops the connection as a network failure would, to test and to show replay (also `reconnect()`). */
  reconnect() {
    this.source?.close();
    this.open();
  }

  close() {
    this.closed = true;
    this.source?.close();
  }
}
