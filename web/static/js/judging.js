/*
 * FLL judging pages.
 *
 * The judging room (page.kind "judging"): the room's sessions and, for the chosen one, a
 * rubric per judged area. Rubrics are never lost: every change is saved to localStorage
 * first, then queued as a whole-rubric submission with an idempotency key, POSTed to
 * /api/judging/rubric and removed from the queue only when the server acknowledges it; the
 * queue is retried every few seconds. On load, the server's rubrics are merged in: a rubric
 * with edits not acknowledged yet (or rejected ones the judge must fix) keeps the local copy.
 *
 * Storage (per event):
 *   zharys:<event>:judging:rubric:<team>:<area>:<room>  → Rubric
 *   zharys:<event>:judging:queue                         → [Submission]
 * Rubric     {team, area, room, levels: {row: 1..4}, comments: {row|general: text}, final,
 *             revision, by, unsent (edits not acknowledged yet), errors (the server's refusal)
 *             and check (this page's rules for a final rubric): [[where, message]], saved_ms}
 * Submission {key, rubric, team, area, room, levels, comments, final, created_ms}
 *
 * The results page (page.kind "judging-results"): the award settings form, posted as JSON to
 * /api/judging/awards; the page is rendered again by the server after a change.
 */
(function (global) {
  'use strict';

  const Z = global.Zharys;
  const page = Z.page;
  const RESEND_EVERY_MS = 3000;
  const REFRESH_EVERY_MS = 20000;
  const COMMENT_SEND_AFTER_MS = 700;
  const KEEP_RUBRICS_MS = 7 * 24 * 3600 * 1000;
  const LEVELS = [1, 2, 3, 4];
  const EXCEEDS = 4;

  // ---------------------------------------------------------------- storage and queue

  class RubricSync {
    constructor(onChange) {
      this.prefix = 'zharys:' + Z.eventCode + ':judging:';
      this.onChange = onChange || (() => {});
      this.queue = this.load('queue') || [];
      this.inflight = null; // key of the submission being sent
      this.offline = global.navigator.onLine === false;
      this.signedOut = false;
      this.prune();
      setInterval(() => this.pump(), RESEND_EVERY_MS);
      global.addEventListener('online', () => {
        this.offline = false;
        this.pump();
        this.onChange(null);
      });
      global.addEventListener('offline', () => {
        this.offline = true;
        this.onChange(null);
      });
    }

    load(suffix) {
      return Z.loadLocal(this.prefix + suffix);
    }

    store(suffix, value) {
      // Storage full or disabled: the queue still lives in memory and is sent.
      Z.storeLocal(this.prefix + suffix, value);
    }

    id(team, area, room) {
      return team + ':' + area + ':' + room;
    }

    /** Forget old rubrics that have nothing left to send. */
    prune() {
      const cutoff = Date.now() - KEEP_RUBRICS_MS;
      const pending = new Set(this.queue.map((s) => s.rubric));
      for (let i = global.localStorage.length - 1; i >= 0; i--) {
        const name = global.localStorage.key(i);
        if (!name || !name.startsWith(this.prefix + 'rubric:')) continue;
        const rec = this.load(name.slice(this.prefix.length));
        if (!rec || (!rec.unsent && !pending.has(this.id(rec.team, rec.area, rec.room)) &&
                     (rec.saved_ms || 0) < cutoff)) {
          global.localStorage.removeItem(name);
        }
      }
    }

    get(team, area, room) {
      return this.load('rubric:' + this.id(team, area, room));
    }

    save(rec) {
      rec.saved_ms = Date.now();
      this.store('rubric:' + this.id(rec.team, rec.area, rec.room), rec);
    }

    blank(team, area, room) {
      return { team, area, room, levels: {}, comments: {}, final: false, revision: 0, by: '',
               unsent: false, errors: [], check: [], saved_ms: Date.now() };
    }

    pendingFor(rubric) {
      return this.queue.filter((s) => s.rubric === rubric);
    }

    /**
     * Take the server's copy of a rubric (null: none yet). A local copy with unsent or
     * rejected edits wins; otherwise the server's copy is the truth. Returns
     * {rec, changed} (changed: the local copy was replaced).
     */
    adopt(team, area, room, server) {
      let rec = this.get(team, area, room);
      const id = this.id(team, area, room);
      if (rec && (rec.unsent || this.pendingFor(id).length || (rec.errors || []).length)) {
        if (rec.unsent && !this.pendingFor(id).length && !(rec.errors || []).length) {
          // Saved here but never queued (the page closed mid-comment): send it now.
          this.send(rec);
        }
        return { rec, changed: false };
      }
      const revision = (server && server.revision) || 0;
      if (rec && rec.revision === revision && !!rec.final === !!(server && server.final)) {
        return { rec, changed: false };
      }
      rec = this.blank(team, area, room);
      if (server) {
        rec.levels = Object.assign({}, server.levels || {});
        rec.comments = Object.assign({}, server.comments || {});
        rec.final = !!server.final;
        rec.revision = revision;
        rec.by = server.by || '';
      }
      this.save(rec);
      return { rec, changed: true };
    }

    /** Record a change: saved here at once; queued unless `queue` is false (typing). */
    edit(rec, change, queue) {
      change(rec);
      rec.unsent = true;
      this.save(rec);
      if (queue !== false) this.send(rec);
    }

    /**
     * Queue the rubric as it stands. A final rubric is checked here first (this works
     * offline): while it breaks a rule it is held back, with the rule next to its row. A
     * draft is always sent; after a refused "Submit" its rows keep their hints until fixed.
     */
    send(rec) {
      if ((rec.check || []).length) rec.check = check(rec);
      if (rec.final) {
        const problems = check(rec);
        rec.check = problems;
        if (problems.length) {
          rec.unsent = true;
          this.save(rec);
          this.onChange(rec);
          return false;
        }
      }
      rec.errors = [];
      rec.unsent = true;
      this.save(rec);
      this.enqueue(rec);
      return true;
    }

    /** Mark final (when every row has a level and every Exceeds a comment) and queue it. */
    submit(rec) {
      const problems = check(rec);
      if (problems.length) {
        rec.check = problems;
        this.save(rec);
        this.onChange(rec);
        return false;
      }
      rec.final = true;
      rec.check = [];
      return this.send(rec);
    }

    /**
     * Add a submission of the whole rubric. Older queued submissions of it that are not in
     * flight carry less, so they are dropped; one in flight stays so that its answer keeps
     * the order.
     */
    enqueue(rec) {
      const rubric = this.id(rec.team, rec.area, rec.room);
      this.queue = this.queue.filter((s) => s.rubric !== rubric || s.key === this.inflight);
      this.queue.push({
        key: Z.uuid(), rubric, team: rec.team, area: rec.area, room: rec.room,
        levels: Object.assign({}, rec.levels), comments: Object.assign({}, rec.comments),
        final: !!rec.final, created_ms: Date.now(),
      });
      this.store('queue', this.queue);
      this.onChange(rec);
      this.pump();
    }

    /** Send the oldest submission; the next one follows its answer. */
    pump() {
      if (this.inflight || !this.queue.length) return;
      const sub = this.queue[0];
      this.inflight = sub.key;
      const body = { key: sub.key, team: sub.team, area: sub.area, room: sub.room,
                     levels: sub.levels, comments: sub.comments, final: sub.final };
      let again = false;
      Z.fetchJSON('/api/judging/rubric', { body })
        .then(({ status, data }) => {
          this.offline = false;
          const answered = data && (data.error || data.errors);
          if (status >= 200 && status < 300) {
            this.signedOut = false;
            this.acknowledged(sub, data);
            again = true;
          } else if ([400, 404, 409].includes(status) && answered) {
            // Refused for what it says: resending cannot help, the judge must fix it.
            this.acknowledged(sub, { ok: false, errors: (data.errors && data.errors.length)
              ? data.errors : [['', data.error]] });
            again = true;
          } else if (status === 400 || status === 401 || status === 403) {
            // Signed out, or the page's CSRF token is stale: keep it until signed in again.
            this.signedOut = true;
          }
          // 5xx: keep it; the timer sends the same key again.
        }, () => {
          this.offline = true;
        })
        .finally(() => {
          this.inflight = null;
          this.onChange(null);
          if (again) this.pump();
        });
    }

    acknowledged(sub, ack) {
      const index = this.queue.findIndex((s) => s.key === sub.key);
      if (index < 0) return;
      this.queue.splice(index, 1);
      this.store('queue', this.queue);
      const rec = this.get(sub.team, sub.area, sub.room) || this.blank(sub.team, sub.area, sub.room);
      if (ack && ack.ok) {
        if (typeof ack.revision === 'number') rec.revision = Math.max(rec.revision || 0, ack.revision);
        if (!this.pendingFor(sub.rubric).length) {
          rec.unsent = false;
          rec.errors = [];
          rec.by = Z.page.user || rec.by;
        }
      } else {
        rec.errors = (ack && ack.errors) || [['', Z.t('jr.rejected')]];
      }
      this.save(rec);
      this.onChange(rec);
    }
  }

  /** A final rubric's rules, checked on the device: a level on every row, and a comment
   * for every Exceeds. */
  function check(rec) {
    const errors = [];
    for (const row of rowsOf(rec.area)) {
      const level = rec.levels[row.id];
      if (!level) errors.push([row.id, Z.t('jr.err.level')]);
      else if (level === EXCEEDS && !(rec.comments[row.id] || '').trim()) {
        errors.push(['comment.' + row.id, Z.t('jr.err.exceeds', { level: levelTitle(EXCEEDS) })]);
      }
    }
    return errors;
  }

  function rowsOf(area) {
    return ((page.rubric && page.rubric.rows) || []).filter((r) => r.area === area);
  }

  function areaTitle(area) {
    const found = ((page.rubric && page.rubric.areas) || []).find((a) => a.id === area);
    return found ? Z.title(found.title) : area;
  }

  function levelTitle(level) {
    const found = ((page.rubric && page.rubric.levels) || [])[level - 1];
    return found ? Z.title(found.title) : String(level);
  }

  /** none | draft | submitted | rejected (refused, or a final rubric held back) */
  function statusOf(rec) {
    if (!rec) return 'none';
    if ((rec.errors || []).length || (rec.final && (rec.check || []).length)) return 'rejected';
    if (rec.final) return 'submitted';
    const touched = Object.keys(rec.levels || {}).length || Object.keys(rec.comments || {}).length;
    return touched || rec.revision ? 'draft' : 'none';
  }

  // ---------------------------------------------------------------- the judging room

  function judgingRoom() {
    const room = page.room;
    let sessions = page.sessions || [];
    const list = Z.$('#jr-session-list');
    const editor = Z.$('#jr-editor');
    const syncNode = Z.$('#jr-sync');
    let current = null; // the session shown
    const typing = new Map(); // rubric id → timer of a comment not queued yet

    const sync = new RubricSync((rec) => {
      drawList();
      drawSync();
      if (rec && current && rec.room === room && rec.team === current.team.number) {
        updateArea(rec.area);
      }
    });

    const sessionKey = (s) => s.team.number + '-' + s.kind;
    const recOf = (s, area) => sync.get(s.team.number, area, room);

    function mergeServer(list_) {
      let shownChanged = false;
      for (const s of list_) {
        for (const area of s.areas) {
          const { changed } = sync.adopt(s.team.number, area, room, s.rubrics[area]);
          if (changed && current && s.team.number === current.team.number) shownChanged = true;
        }
      }
      return shownChanged;
    }

    // ------------------------------------------------------------ drawing

    function drawSync() {
      const pending = sync.queue.length;
      let rejected = 0;
      for (const s of sessions) {
        for (const area of s.areas) if (statusOf(recOf(s, area)) === 'rejected') rejected += 1;
      }
      let text;
      let state;
      if (sync.signedOut) {
        text = Z.t('jr.sync.signed_out');
        state = 'error';
      } else if (rejected) {
        text = Z.t('jr.sync.rejected', { n: rejected });
        state = 'error';
      } else if (pending) {
        text = Z.t('jr.sync.pending', { n: pending });
        state = 'pending';
      } else {
        text = Z.t('jr.sync.saved');
        state = 'ok';
      }
      if (pending && (sync.offline || sync.signedOut) && !rejected) {
        text = Z.t('jr.sync.pending', { n: pending }) + ' · ' +
          (sync.offline ? Z.t('jr.sync.offline') : Z.t('jr.sync.signed_out'));
      }
      Z.setText(syncNode, text);
      syncNode.dataset.state = state;
      document.body.classList.toggle('is-offline', sync.offline);
    }

    function chip(status, label) {
      return Z.el('span.jr-chip', { dataset: { status } },
        label ? Z.el('span.jr-chip-area', null, label) : null,
        Z.t('jr.status.' + status));
    }

    function drawList() {
      Z.fill(list, sessions.map((s) => {
        const key = sessionKey(s);
        const unsent = s.areas.some((a) => (recOf(s, a) || {}).unsent);
        return Z.el('li', null,
          Z.el('button.jr-session', {
            type: 'button', dataset: { session: key, team: s.team.number },
            'aria-current': current && sessionKey(current) === key ? 'true' : null,
            onclick: () => open(s),
          },
          Z.el('span.jr-session-time', null, Z.fmtTime(s.start) + '–' + Z.fmtTime(s.end)),
          Z.el('span.jr-session-team', null, Z.el('b', null, String(s.team.number)), ' ',
            s.team.name || ''),
          Z.el('span.jr-session-kind', null, Z.t('jr.kind.' + s.kind),
            unsent ? Z.el('span.jr-unsent', { title: Z.t('jr.unsent') }, ' ●') : null),
          Z.el('span.jr-chips', null, s.areas.map((a) => chip(statusOf(recOf(s, a)), areaTitle(a))))));
      }));
    }

    function open(s, keepScroll) {
      current = s;
      if (location.hash !== '#' + sessionKey(s)) history.replaceState(null, '', '#' + sessionKey(s));
      drawList();
      drawEditor();
      if (!keepScroll) editor.scrollIntoView({ block: 'start', behavior: 'auto' });
    }

    function drawEditor() {
      const s = current;
      const head = Z.el('div.card.jr-team-head', null,
        Z.el('h2', null, Z.el('span.jr-team-number', null, String(s.team.number)), ' ',
          s.team.name || ''),
        Z.el('p.muted', null, Z.t('jr.kind.' + s.kind) + ' · ' + Z.fmtTime(s.start) + '–' +
          Z.fmtTime(s.end) + (s.team.city ? ' · ' + s.team.city : '')),
        Z.el('a.btn.btn-small.jr-back', { href: '#jr-sessions-title' }, Z.t('jr.back')));
      Z.fill(editor, head, s.areas.map((area) => drawArea(s, area)));
      for (const area of s.areas) updateArea(area);
    }

    function drawArea(s, area) {
      const team = s.team.number;
      const rec = () => sync.get(team, area, room) || sync.blank(team, area, room);
      const rows = rowsOf(area).map((row) => Z.el('div.jr-row', { dataset: { row: row.id } },
        Z.el('h3.jr-row-title', { id: 'jr-' + area + '-' + row.id }, Z.title(row.title)),
        Z.el('div.jr-levels', { role: 'radiogroup', 'aria-labelledby': 'jr-' + area + '-' + row.id },
          LEVELS.map((level) => Z.el('button.jr-level', {
            type: 'button', role: 'radio', 'aria-checked': 'false',
            dataset: { level: String(level) },
            onclick: () => sync.edit(rec(), (r) => {
              if (r.levels[row.id] === level) delete r.levels[row.id];
              else r.levels[row.id] = level;
              r.errors = (r.errors || []).filter(([where]) => where !== row.id);
              r.check = (r.check || []).filter(([where]) => where !== row.id);
            }),
          },
          Z.el('span.jr-level-name', null, levelTitle(level)),
          Z.el('span.jr-level-text', null, Z.title((row.levels || [])[level - 1]))))),
        Z.el('p.jr-error', { dataset: { errorFor: row.id }, hidden: true }),
        Z.el('label.jr-comment', null,
          Z.el('span.jr-comment-label', null, Z.t('jr.comment')),
          commentBox(s, area, row.id, rec)),
        Z.el('p.jr-error', { dataset: { errorFor: 'comment.' + row.id }, hidden: true })));
      return Z.el('section.card.jr-area', { dataset: { area } },
        Z.el('div.jr-area-head', null, Z.el('h2', null, areaTitle(area)),
          Z.el('span.jr-area-chip'), Z.el('span.jr-area-by.muted.small')),
        Z.el('div.alert.alert-error.jr-area-errors', { hidden: true }),
        rows,
        Z.el('label.jr-comment.jr-general', null,
          Z.el('span.jr-comment-label', null, Z.t('jr.general')),
          commentBox(s, area, 'general', rec)),
        Z.el('p.jr-error', { dataset: { errorFor: 'comment.general' }, hidden: true }),
        Z.el('div.jr-actions', null,
          Z.el('button.btn.btn-lg.jr-draft', {
            type: 'button', dataset: { action: 'draft' },
            onclick: () => { flush(team, area); sync.send(rec()); },
          }, Z.t('jr.save_draft')),
          Z.el('button.btn.btn-lg.btn-primary.jr-submit', {
            type: 'button', dataset: { action: 'submit' },
            onclick: () => {
              flush(team, area);
              if (!sync.submit(rec())) showFirstProblem(area);
            },
          }, Z.t('jr.submit')),
          Z.el('span.jr-error.jr-submit-note', { hidden: true }, Z.t('jr.not_submitted')),
          Z.el('span.muted.small', null, Z.t('jr.autosave'))));
    }

    function commentBox(s, area, row, rec) {
      const team = s.team.number;
      const id = sync.id(team, area, room);
      return Z.el('textarea', {
        rows: row === 'general' ? 3 : 2, maxlength: 2000, dataset: { comment: row },
        oninput: (e) => {
          const text = e.target.value;
          sync.edit(rec(), (r) => {
            if (text) r.comments[row] = text;
            else delete r.comments[row];
            r.errors = (r.errors || []).filter(([where]) => where !== 'comment.' + row);
            r.check = (r.check || []).filter(([where]) => where !== 'comment.' + row);
          }, false);
          updateArea(area);
          clearTimeout(typing.get(id));
          // The list and the sync status redraw when the comment is sent (after a pause),
          // not on every key.
          typing.set(id, setTimeout(() => flush(team, area), COMMENT_SEND_AFTER_MS));
        },
        onchange: () => flush(team, area),
      });
    }

    /** Queue a rubric whose comment is being typed now rather than after the pause. */
    function flush(team, area) {
      const id = sync.id(team, area, room);
      if (!typing.has(id)) return;
      clearTimeout(typing.get(id));
      typing.delete(id);
      const rec = sync.get(team, area, room);
      if (rec && rec.unsent) sync.send(rec);
    }

    function showFirstProblem(area) {
      const section = editor.querySelector('.jr-area[data-area="' + area + '"]');
      const row = section && Z.$('.jr-row.has-error', section);
      if (row) row.scrollIntoView({ block: 'center', behavior: 'smooth' });
    }

    function updateArea(area) {
      const section = editor.querySelector('.jr-area[data-area="' + area + '"]');
      if (!section || !current) return;
      const rec = sync.get(current.team.number, area, room) || sync.blank(current.team.number, area, room);
      const status = statusOf(rec);
      section.dataset.status = status;
      Z.fill(Z.$('.jr-area-chip', section), chip(status));
      Z.setText(Z.$('.jr-area-by', section), rec.by ? Z.t('jr.by', { name: rec.by }) : '');
      for (const rowNode of Z.$$('.jr-row', section)) {
        const row = rowNode.dataset.row;
        const level = rec.levels[row] || null;
        for (const button of Z.$$('.jr-level', rowNode)) {
          button.setAttribute('aria-checked', String(Number(button.dataset.level) === level));
        }
        rowNode.classList.toggle('needs-comment', level === EXCEEDS);
        Z.setText(Z.$('.jr-comment-label', rowNode), level === EXCEEDS
          ? Z.t('jr.comment_required', { level: levelTitle(EXCEEDS) }) : Z.t('jr.comment'));
      }
      for (const box of Z.$$('textarea[data-comment]', section)) {
        const text = rec.comments[box.dataset.comment] || '';
        if (box.value !== text && document.activeElement !== box) box.value = text;
      }
      const errors = (rec.errors || []).concat(rec.check || []);
      const placed = new Set();
      for (const node of Z.$$('[data-error-for]', section)) {
        const mine = errors.filter(([where]) => where === node.dataset.errorFor);
        mine.forEach((e) => placed.add(e));
        node.hidden = !mine.length;
        Z.setText(node, mine.map((e) => e[1]).join('; '));
      }
      for (const rowNode of Z.$$('.jr-row', section)) {
        rowNode.classList.toggle('has-error', errors.some(([where]) =>
          where === rowNode.dataset.row || where === 'comment.' + rowNode.dataset.row));
      }
      const rest = errors.filter((e) => !placed.has(e));
      const box = Z.$('.jr-area-errors', section);
      box.hidden = !rest.length;
      Z.setText(box, rest.map(([where, message]) => (where ? where + ': ' : '') + message).join('; '));
      Z.setText(Z.$('.jr-submit', section), rec.final && status !== 'rejected'
        ? Z.t('jr.submitted_again') : Z.t('jr.submit'));
      Z.$('.jr-submit-note', section).hidden = !(rec.check || []).length;
    }

    // ------------------------------------------------------------ refresh from the server

    function refresh() {
      if (sync.queue.length || sync.inflight) return;
      Z.fetchJSON('/api/judging/room?room=' + encodeURIComponent(room)).then(({ ok, data }) => {
        if (!ok || !data || !data.sessions) return;
        sessions = data.sessions; // the day plan may have changed
        if (mergeServer(sessions) && current) {
          for (const area of current.areas) updateArea(area);
        }
        drawList();
        drawSync();
      }, () => {});
    }

    global.addEventListener('pagehide', () => {
      for (const id of Array.from(typing.keys())) {
        const [team, area] = id.split(':');
        flush(Number(team), area);
      }
    });

    mergeServer(sessions);
    drawList();
    drawSync();
    const wanted = decodeURIComponent(location.hash.slice(1));
    const first = sessions.find((s) => sessionKey(s) === wanted);
    if (first) open(first, true);
    setInterval(refresh, REFRESH_EVERY_MS);
    sync.pump();
  }

  // ---------------------------------------------------------------- results and awards

  function resultsPage() {
    const form = Z.$('#aw-form');
    const message = Z.$('#aw-message');
    const SAVED = 'zharys:' + Z.eventCode + ':awards-saved';
    if (global.sessionStorage.getItem(SAVED)) {
      global.sessionStorage.removeItem(SAVED);
      say(Z.t('aw.saved'), false);
    }
    if (!form) return;

    function say(text, bad) {
      message.hidden = !text;
      message.classList.toggle('alert-error', !!bad);
      message.classList.toggle('alert-ok', !bad);
      Z.setText(message, text || '');
    }

    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const counts = {};
      for (const input of Z.$$('[data-count]', form)) counts[input.dataset.count] = input.value.trim();
      const nominations = {};
      for (const input of Z.$$('[data-nominations]', form)) nominations[input.dataset.nominations] = input.value;
      const body = { counts, nominations, advancing: Z.$('[name=advancing]', form).value.trim() };
      for (const node of Z.$$('[data-error-for]', form)) {
        node.hidden = true;
        node.textContent = '';
      }
      const button = Z.$('button[type=submit]', form);
      button.disabled = true;
      Z.fetchJSON('/api/judging/awards', { body }).then(({ ok, data }) => {
        if (ok) {
          global.sessionStorage.setItem(SAVED, '1');
          global.location.reload();
          return;
        }
        button.disabled = false;
        const rest = [];
        for (const [where, text] of (data.errors || [])) {
          const node = Z.$('[data-error-for="' + where + '"]', form);
          if (node) {
            node.hidden = false;
            node.textContent = text;
          } else rest.push(where + ': ' + text);
        }
        say(rest.join('; ') || (data.errors && data.errors.length ? Z.t('aw.fix') : data.error || Z.t('aw.failed')), true);
      }, () => {
        button.disabled = false;
        say(Z.t('aw.no_answer'), true);
      });
    });
  }

  if (page.kind === 'judging') judgingRoom();
  else if (page.kind === 'judging-results') resultsPage();
})(window);
