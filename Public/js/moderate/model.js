// The console's copy of a session's questions: every question by id, counts per state, and the filtered,
// sorted view of one tab. Snapshots from the listing and from events are applied by version, so a replayed
// or out-of-order event never moves a question backwards.

export const STATES = ["pending", "held", "approved", "rejected", "merged", "on_air", "deferred", "answered"];

export class QueueModel {
  constructor() {
    this.questions = new Map();
    this.counts = Object.fromEntries(STATES.map((state) => [state, 0]));
    this.sources = new Set();
    this.tags = new Set();
    /** Bumped on every change, so views know when to recompute. */
    this.revision = 0;
    this.viewCache = null;
  }

  /** Applies a question snapshot; returns true when it was newer than what we had. */
  upsert(question) {
    const known = this.questions.get(question.id);
    if (known && known.version >= question.version) return false;
    if (known) this.counts[known.state] = (this.counts[known.state] ?? 1) - 1;
    this.counts[question.state] = (this.counts[question.state] ?? 0) + 1;
    this.questions.set(question.id, question);
    this.sources.add(question.source);
    for (const tag of question.tags ?? []) this.tags.add(tag);
    this.revision += 1;
    return true;
  }

  get(id) {
    return this.questions.get(id);
  }

  /**
   * The questions of `state` that pass `filter` ({text, source, tag, stakeholder, kind, starred}), newest first.
   * Cached per revision and filter, so paging and moving the selection cost nothing.
   */
  view(state, filter) {
    const key = JSON.stringify([state, filter, this.revision]);
    if (this.viewCache?.key === key) return this.viewCache.list;
    const needle = (filter.text ?? "").trim().toLowerCase();
    const list = [];
    for (const question of this.questions.values()) {
      if (question.state !== state) continue;
      if (filter.source && question.source !== filter.source) continue;
      if (filter.kind && question.kind !== filter.kind) continue;
      if (filter.tag && !(question.tags ?? []).includes(filter.tag)) continue;
      if (filter.stakeholder && String(question.stakeholderID ?? "") !== filter.stakeholder) continue;
      if (filter.starred && !question.starred) continue;
      if (needle && !question.text.toLowerCase().includes(needle) && !question.author.toLowerCase().includes(needle)) {
        continue;
      }
      list.push(question);
    }
    list.sort((a, b) => b.id - a.id);
    this.viewCache = { key, list };
    return list;
  }
}
