/*
 * Score sheets that are never lost: every edit is saved to localStorage first, then queued
 * as a whole-sheet submission with an idempotency key, sent over Socket.IO and removed from
 * the queue only when the server acknowledges it. Used by the referee and head referee tablets.
 *
 * Storage (per event and page kind, so a head referee's queue never mixes with a referee's):
 *   zharys:<event>:<kind>:sheet:<match_id>:<alliance>  → SheetRecord
 *   zharys:<event>:<kind>:queue                        → [Submission]
 * SheetRecord {match_id, alliance, data, revision, touched: {field: true}, final,
 *              breakdown, errors: [[field, message]], saved_ms}
 * Submission  {key, match_id, alliance, data, final, created_ms}
 */
(function (global) {
  'use strict';

  const Z = global.Zharys;
  const ACK_TIMEOUT_MS = 8000;
  const RESEND_EVERY_MS = 3000;
  const HTTP_FALLBACK_AFTER_MS = 10000; // socket down this long: try POST /api/sheets
  const KEEP_SHEETS_MS = 3 * 24 * 3600 * 1000;

  class SheetSync {
    /**
     * channel: a Zharys channel whose namespace accepts `sheet.submit`.
     * onChange(record | null, sheetId): called after any local or server change to a sheet
     * (record null = queue status only).
     */
    constructor(channel, options) {
      this.channel = channel;
      this.prefix = 'zharys:' + Z.eventCode + ':' + (options.kind || Z.page.kind) + ':';
      this.onChange = options.onChange || (() => {});
      this.inflight = new Map(); // key → client ms sent
      this.downSince = Z.clientNow();
      this.httpBusy = false;
      this.queue = this.load('queue') || [];
      this.prune();
      channel.socket &&
        channel.socket.on('connect', () => {
          this.downSince = null;
          // A reconnect may have dropped acks in flight: resend them with the same keys.
          this.inflight.clear();
          this.pump();
        });
      channel.socket &&
        channel.socket.on('disconnect', () => {
          this.downSince = Z.clientNow();
        });
      if (channel.connected) this.downSince = null;
      setInterval(() => this.pump(), RESEND_EVERY_MS);
      global.addEventListener('online', () => this.pump());
    }

    // ------------------------------------------------------------ storage

    load(suffix) {
      return Z.loadLocal(this.prefix + suffix);
    }

    store(suffix, value) {
      // Storage full or disabled: the queue still lives in memory and is sent.
      return Z.storeLocal(this.prefix + suffix, value);
    }

    sheetKey(matchId, alliance) {
      return 'sheet:' + matchId + ':' + alliance;
    }

    saveQueue() {
      this.store('queue', this.queue);
    }

    /** Forget sheets of old matches that have nothing left to send. */
    prune() {
      const cutoff = Date.now() - KEEP_SHEETS_MS;
      const pending = new Set(this.queue.map((s) => this.sheetKey(s.match_id, s.alliance)));
      for (let i = global.localStorage.length - 1; i >= 0; i--) {
        const name = global.localStorage.key(i);
        if (!name || !name.startsWith(this.prefix + 'sheet:')) continue;
        const suffix = name.slice(this.prefix.length);
        if (pending.has(suffix)) continue;
        const rec = this.load(suffix);
        if (!rec || (rec.saved_ms || 0) < cutoff) global.localStorage.removeItem(name);
      }
    }

    // ------------------------------------------------------------ sheets

    /** The local record of a sheet, or null when this device never saw it. */
    get(matchId, alliance) {
      return this.load(this.sheetKey(matchId, alliance));
    }

    save(rec) {
      rec.saved_ms = Date.now();
      this.store(this.sheetKey(rec.match_id, rec.alliance), rec);
    }

    blank(matchId, alliance, data, revision) {
      return {
        match_id: matchId, alliance, data: Object.assign({}, data || {}), revision: revision || 0,
        touched: {}, final: false, breakdown: null, errors: [], saved_ms: Date.now(),
      };
    }

    /**
     * Take the server's copy of a sheet ({data, revision, final?, breakdown?} or null) into the
     * local record.
     * The server wins only where this device has no unsent edits: fields edited here and not
     * yet acknowledged keep their local value and are sent again on top of the newer sheet.
     */
    adopt(matchId, alliance, server, defaults, options) {
      // options.snapshot: the server's current state (a snapshot), not a broadcast that may
      // arrive after a newer ack; it wins even with a lower revision (a restored database).
      const fromSnapshot = !!(options && options.snapshot);
      let rec = this.get(matchId, alliance);
      const serverData = Object.assign({}, defaults || {}, (server && server.data) || {});
      const serverRev = (server && server.revision) || 0;
      if (!rec) {
        rec = this.blank(matchId, alliance, serverData, serverRev);
        if (server && server.breakdown) rec.breakdown = server.breakdown;
        if (server && server.final) rec.final = true;
        if (server && server.final) rec.agreed = server.agreed_by || null;
        this.save(rec);
        return rec;
      }
      // Unsent edits, and edits the server rejected (the referee must see and fix them),
      // are kept over the server's copy.
      const unsent = this.pendingFor(matchId, alliance).length > 0;
      const rejected = !!(rec.errors && rec.errors.length);
      if (unsent || rejected) {
        if (serverRev > (rec.revision || 0)) {
          // A newer sheet on the server: often just our own submission echoed back before its
          // ack. Only fields someone else changed (and we did not touch) need a merge and a
          // resend; re-sending on every echo would loop forever.
          const touched = rec.touched || {};
          const theirs = Object.keys(serverData).filter(
            (field) => !touched[field] && !sameValue(serverData[field], rec.data[field]),
          );
          for (const field of theirs) rec.data[field] = serverData[field];
          rec.data = Object.assign({}, defaults || {}, rec.data);
          rec.revision = serverRev;
          if (server.breakdown) rec.breakdown = server.breakdown;
          this.save(rec);
          if (unsent && theirs.length) this.enqueue(rec);
        } else {
          rec.data = Object.assign({}, defaults || {}, rec.data);
          this.save(rec);
        }
      } else if (server && !fromSnapshot && serverRev < (rec.revision || 0)) {
        // A stale echo (an older revision delivered after a newer ack): nothing to take.
      } else {
        // Nothing unsent here: the server's copy is the truth, even a blank one (a replayed
        // match starts from an empty sheet; what we sent before was acknowledged).
        const sameSheet = !!server && serverRev === (rec.revision || 0);
        rec.final = !!(server && (server.final || server.submitted)) || (sameSheet && !!rec.final);
        // Team games: the initials of the team that agreed; a reopened sheet needs them again.
        rec.agreed = rec.final ? (server && server.agreed_by) || rec.agreed || null : sameSheet ? rec.agreed || null : null;
        rec.data = serverData;
        rec.revision = serverRev;
        rec.touched = {};
        rec.breakdown = (server && server.breakdown) || (sameSheet ? rec.breakdown : null);
        this.save(rec);
      }
      return rec;
    }

    /** Record one edit and queue the whole sheet. */
    edit(rec, fieldId, value) {
      rec.data[fieldId] = value;
      rec.touched = rec.touched || {};
      rec.touched[fieldId] = true;
      if (!rec.final) rec.agreed = null; // the team agrees to a sheet, not to a later one
      rec.errors = (rec.errors || []).filter(([field]) => bareField(field) !== fieldId);
      this.save(rec);
      this.enqueue(rec);
    }

    /** Mark the sheet final and queue it; later corrections stay final. */
    submitFinal(rec) {
      rec.final = true;
      this.save(rec);
      this.enqueue(rec);
    }

    // ------------------------------------------------------------ queue

    pendingFor(matchId, alliance) {
      return this.queue.filter((s) => s.match_id === matchId && s.alliance === alliance);
    }

    pendingCount() {
      return this.queue.length;
    }

    /**
     * Add a submission of the whole sheet. Older queued submissions of the same sheet that are
     * not in flight carry a subset of this one's information, so they are dropped; one in flight
     * stays so its ack (or its resend under the same key) keeps the server's order.
     */
    enqueue(rec) {
      this.queue = this.queue.filter(
        (s) => !(s.match_id === rec.match_id && s.alliance === rec.alliance && !this.inflight.has(s.key)),
      );
      this.queue.push({
        key: Z.uuid(),
        match_id: rec.match_id,
        alliance: rec.alliance,
        data: Object.assign({}, rec.data),
        final: !!rec.final,
        agreed: rec.agreed || null,
        created_ms: Date.now(),
      });
      this.saveQueue();
      this.onChange(rec, this.sheetKey(rec.match_id, rec.alliance));
      this.pump();
    }

    /** Send the oldest submission of every sheet that has none in flight. */
    pump() {
      const now = Z.clientNow();
      for (const [key, sent] of this.inflight) {
        if (now - sent > ACK_TIMEOUT_MS) this.inflight.delete(key); // lost: resend below
      }
      const socketUp = this.channel.connected;
      if (!socketUp && this.downSince != null && now - this.downSince > HTTP_FALLBACK_AFTER_MS) {
        this.pumpHttp();
        return;
      }
      if (!socketUp) return;
      const busy = new Set();
      for (const sub of this.queue) {
        const sheet = this.sheetKey(sub.match_id, sub.alliance);
        if (busy.has(sheet)) continue;
        busy.add(sheet);
        if (!this.inflight.has(sub.key)) this.send(sub);
      }
    }

    send(sub) {
      this.inflight.set(sub.key, Z.clientNow());
      const body = { key: sub.key, match_id: sub.match_id, alliance: sub.alliance, data: sub.data, final: sub.final, agreed: sub.agreed || null };
      this.channel
        .emit('sheet.submit', body, ACK_TIMEOUT_MS)
        .then((ack) => this.acknowledged(sub, ack))
        .catch(() => {
          // No ack in time: the resend timer sends the same key again.
          this.inflight.delete(sub.key);
        });
    }

    /** Socket.IO is down for a while: POST the queue one by one (same keys, same answers). */
    pumpHttp() {
      if (this.httpBusy || !this.queue.length) return;
      const sub = this.queue[0];
      this.httpBusy = true;
      const body = { key: sub.key, match_id: sub.match_id, alliance: sub.alliance, data: sub.data, final: sub.final, agreed: sub.agreed || null };
      Z.fetchJSON('/api/sheets', { body })
        .then(({ status, data }) => {
          if (status >= 200 && status < 300) this.acknowledged(sub, Object.assign({ ok: true }, data));
          else if (status === 400 || status === 409) this.acknowledged(sub, { ok: false, errors: data.errors || [['', data.error || String(status)]] });
          // 401/403/5xx: keep it queued; Socket.IO will deliver it when it is back.
        })
        .catch(() => {})
        .finally(() => {
          this.httpBusy = false;
        });
    }

    acknowledged(sub, ack) {
      this.inflight.delete(sub.key);
      const index = this.queue.findIndex((s) => s.key === sub.key);
      if (index < 0) return; // a late duplicate ack
      this.queue.splice(index, 1);
      this.saveQueue();
      const rec = this.get(sub.match_id, sub.alliance) || this.blank(sub.match_id, sub.alliance, sub.data);
      if (ack && ack.ok) {
        if (typeof ack.revision === 'number') rec.revision = Math.max(rec.revision || 0, ack.revision);
        if (ack.breakdown) rec.breakdown = ack.breakdown;
        if (!this.pendingFor(sub.match_id, sub.alliance).length) {
          rec.touched = {};
          rec.errors = [];
          // The server says whether the sheet is final now (a head referee may have reopened
          // it while this device was resending): with nothing left to send, it is right.
          if (typeof ack.final === 'boolean') {
            rec.final = ack.final;
            rec.agreed = ack.final ? ack.agreed_by || rec.agreed || null : null;
          }
        }
      } else {
        // Rejected: resending the same sheet cannot help, the referee must correct it.
        rec.errors = (ack && ack.errors) || [['', (ack && ack.error) || Z.t('sheet.rejected')]];
      }
      this.save(rec);
      this.onChange(rec, this.sheetKey(sub.match_id, sub.alliance));
      this.pump();
    }
  }

  function sameValue(a, b) {
    return a === b || (a == null && b == null);
  }

  /** "red.autoSampleHigh" → "autoSampleHigh": errors may carry an alliance prefix. */
  function bareField(field) {
    const text = String(field || '');
    return text.replace(/^(red|blue)\./, '');
  }

  /** Points a sheet earns by part, the points its fouls give the opponent, and the total. */
  function localScore(season, data) {
    const parts = {};
    for (const p of season.parts || []) parts[p.id] = 0;
    let total = 0;
    let toOpponent = 0;
    const items = {};
    const values = Object.assign(defaults(season), data || {});
    for (const f of season.fields || []) {
      const value = values[f.id];
      const points = f.kind === 'computed' ? computedPoints(f, values) : fieldPoints(f, value);
      items[f.id] = points;
      if (f.scored === false) continue; // recorded only (e.g. Gracious Professionalism)
      if (f.credit === 'opponent') {
        toOpponent += points;
      } else {
        parts[f.part] = (parts[f.part] || 0) + points;
        total += points;
      }
    }
    return { parts, total, toOpponent, items };
  }

  function fieldPoints(field, value) {
    if (field.kind === 'choice') {
      const choice = (field.choices || []).find((c) => c.id === value);
      return choice ? choice.points : 0;
    }
    if (field.kind === 'bool') return value ? field.points || 0 : 0;
    return (field.points || 0) * (Number(value) || 0);
  }

  /** A computed field's points: the first case whose conditions all hold, else 0. */
  function computedPoints(field, values) {
    for (const c of field.cases || []) {
      const holds = Object.entries(c.when || {}).every(([id, want]) => Number(values[id]) === Number(want));
      if (holds) return c.points;
    }
    return 0;
  }

  /** The season's cross-field constraints this sheet breaks (Season.to_dict constraints). */
  function violations(season, data) {
    const values = Object.assign(defaults(season), data || {});
    return (season.constraints || []).filter((c) => {
      const sum = Object.entries(c.terms || {}).reduce((acc, [id, k]) => acc + k * (Number(values[id]) || 0), 0);
      return (c.min != null && sum < c.min) || (c.max != null && sum > c.max);
    });
  }

  /** Defaults of every input: what a blank sheet holds (computed fields are not inputs). */
  function defaults(season) {
    const data = {};
    for (const f of season.fields || []) {
      if (f.kind !== 'computed') data[f.id] = f.default !== undefined && f.default !== null ? f.default : blankValue(f);
    }
    return data;
  }

  function blankValue(field) {
    if (field.kind === 'bool') return false;
    if (field.kind === 'count') return field.min || 0;
    return field.choices && field.choices[0] ? field.choices[0].id : '';
  }

  /**
   * Both alliances scored together, as Season.score_match does: fouls in one sheet are
   * credited to the other alliance's part of the same name. → {red: {parts, total}, blue: …}
   */
  function matchScore(season, red, blue) {
    const r = localScore(season, red);
    const b = localScore(season, blue);
    const credit = (own, other) => {
      const parts = Object.assign({}, own.parts);
      for (const f of season.fields || []) {
        if (f.credit === 'opponent') parts[f.part] = (parts[f.part] || 0) + other.items[f.id];
      }
      return { parts, total: own.total + other.toOpponent, np_total: own.total };
    };
    return { red: credit(r, b), blue: credit(b, r) };
  }

  Z.SheetSync = SheetSync;
  Z.sheets = { bareField, localScore, matchScore, fieldPoints, computedPoints, violations, defaults };
})(window);
