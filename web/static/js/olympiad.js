/*
 * Olympiad pages (tournament/olympiad.py behind web/olympiad.py), by page.kind:
 *
 *   olympiad-results  the public results board (projector, phones): a subject's table or the
 *                     school rating from /api/olympiad/results|rating, refetched (debounced)
 *                     on /live olympiad.results; olympiad.board carries freeze and ceremony
 *                     (page.board = board_state): a ceremony of this board's target shows
 *                     ceremony.rows big, revealing from the bottom up, new rows animated.
 *   olympiad-control  freeze / unfreeze and the ceremony, driven by keys (Space, →, Page Down:
 *                     next; ←, Page Up: back) or buttons.
 *   jury-problem      blind marking: scan or type a work code (a QR payload "ZHW:<code>:<P>" or
 *                     a bare code; the server parses it), Enter, the mark, Enter. Refetches on
 *                     /jury marks.updated for this problem. Codes only, never a name.
 *   jury-appeals, olympiad-leader, olympiad-admin: forms posted as JSON; the page reloads.
 */
(function (global) {
  'use strict';

  const Z = global.Zharys;
  const page = Z.page;
  const MESSAGE_KEY = 'zharys:olympiad:message';

  function fmt(value) {
    if (value == null || value === '') return '—';
    const n = Number(value);
    if (!isFinite(n)) return String(value);
    return String(Math.round(n * 100) / 100);
  }

  function subjectName(names, code) {
    return Z.title(names) || code || '';
  }

  function awardLabel(award) {
    const labels = {
      gold: Z.t('oly.award.gold'),
      silver: Z.t('oly.award.silver'),
      bronze: Z.t('oly.award.bronze'),
      hm: Z.t('oly.award.hm'),
      grand_prix: Z.t('oly.award.grand_prix'),
    };
    if (labels[award]) return labels[award];
    const place = /^place(\d+)$/.exec(award || '');
    if (place) return Z.t('oly.award.place', { n: place[1] });
    return '';
  }

  function medalChip(award) {
    const label = awardLabel(award);
    return label ? Z.el('span.oly-medal', { dataset: { award } }, label) : null;
  }

  /** A debounced call: many changes in a burst make one fetch. */
  function debounce(fn, ms) {
    let timer = null;
    return function () {
      clearTimeout(timer);
      timer = setTimeout(fn, ms);
    };
  }

  function errorText(data) {
    if (!data) return Z.t('oly.no_answer');
    const errors = (data.errors || []).map((e) => (e[0] ? e[0] + ': ' : '') + e[1]);
    return errors.length ? errors.join('; ') : data.error || Z.t('oly.no_answer');
  }

  function say(node, text, bad) {
    if (!node) {
      if (text) Z.notify(text, bad ? 'error' : 'info');
      return;
    }
    node.hidden = !text;
    node.classList.toggle('alert-error', !!bad);
    node.classList.toggle('alert-ok', !bad);
    Z.setText(node, text || '');
  }

  /** After a change that re-renders the page: reload, and say what happened there. */
  function reloadWith(message) {
    global.sessionStorage.setItem(MESSAGE_KEY, message || Z.t('oly.saved'));
    global.location.reload();
  }

  function showSavedMessage(node) {
    const message = global.sessionStorage.getItem(MESSAGE_KEY);
    if (!message) return;
    global.sessionStorage.removeItem(MESSAGE_KEY);
    say(node, message, false);
  }

  // ---------------------------------------------------------------- the results board

  function resultsBoard() {
    const view = page.view;
    const target = page.target;
    let state = page.board || {};
    let data = null;
    const seen = new Set();
    const head = Z.$('#ob-head');
    const body = Z.$('#ob-body');
    const honours = Z.$('#ob-honours');
    const frozen = Z.$('#ob-frozen');
    const note = Z.$('#ob-note');
    const tableBox = Z.$('#ob-table-box');
    const ceremonyBox = Z.$('#ob-ceremony');
    const ceremonyList = Z.$('#ob-ceremony-list');

    function url() {
      return view === 'schools' ? '/api/olympiad/rating'
        : '/api/olympiad/results?subject=' + encodeURIComponent(page.subject || '');
    }

    function load() {
      if (!target) return;
      Z.fetchJSON(url()).then(({ ok, data: answer }) => {
        if (!ok) return;
        data = answer;
        drawTable();
      }, () => {});
    }
    const refetch = debounce(load, 300);

    function ceremony() {
      const c = state.ceremony;
      return c && c.target === target ? c : null;
    }

    function drawBanner() {
      const text = state.frozen
        ? Z.t('oly.frozen_at', { time: Z.fmtTime(state.frozen_at ? state.frozen_at + 'Z' : '') })
        : '';
      frozen.hidden = !text;
      Z.setText(frozen, text);
    }

    function drawTable() {
      if (!data) return;
      if (view === 'schools') drawSchools();
      else drawSubject();
    }

    function drawSubject() {
      // While a subject is marked blind the server sends no marks per problem (marks: null).
      const blind = (data.rows || []).some((r) => r.marks === null);
      const problems = blind ? [] : (data.problems || []);
      Z.fill(head, Z.el('tr', null,
        Z.el('th.num', null, Z.t('oly.place')),
        Z.el('th', null, Z.t('oly.name')),
        Z.el('th.oly-col-school', null, Z.t('oly.school')),
        Z.el('th.oly-col-country', null, Z.t('oly.country')),
        problems.map((p) => Z.el('th.num.oly-col-mark', null, p)),
        Z.el('th.num', null, Z.t('oly.total')),
        Z.el('th', null, Z.t('oly.medal'))));
      const rows = data.rows || [];
      if (!rows.length) {
        Z.fill(body, Z.el('tr.empty-row', null, Z.el('td', { colspan: 6 + problems.length }, Z.t('oly.no_rows'))));
      } else {
        Z.fill(body, rows.map((r) => Z.el('tr', { dataset: { award: r.award, id: r.id }, class: r.pending ? 'is-pending' : null },
          Z.el('td.num.strong', null, r.place),
          Z.el('td.oly-name', null, r.name, Z.el('span.oly-sub', null, r.school)),
          Z.el('td.oly-col-school', null, r.school),
          Z.el('td.oly-col-country', null, r.country),
          (r.marks || []).map((m) => Z.el('td.num.oly-col-mark', null, fmt(m))),
          Z.el('td.num.strong', null, fmt(r.total)),
          Z.el('td', null, medalChip(r.award)))));
      }
      const notes = [];
      if (data.provisional) notes.push(Z.t('oly.provisional'));
      else notes.push(Z.t('oly.unofficial'));
      if (data.pending) notes.push(Z.t('oly.pending', { n: data.pending }));
      note.hidden = false;
      Z.setText(note, notes.join(' '));
      drawHonours(rows);
    }

    function drawHonours(rows) {
      if (data.ceremony || view === 'schools') {
        Z.fill(honours);
        return;
      }
      const byNumber = new Map(rows.map((r) => [r.number, r]));
      const who = (numbers) => (numbers || []).map((n) => byNumber.get(n)).filter(Boolean)
        .map((r) => r.name + ' (' + r.school + ', ' + fmt(r.total) + ')').join('; ');
      const parts = [];
      if ((data.winners || []).length) {
        parts.push(Z.el('p', null, Z.el('strong', null, Z.t('oly.winners') + ': '), who(data.winners)));
      }
      if ((data.best_girls || []).length) {
        parts.push(Z.el('p', null, Z.el('strong', null, Z.t('oly.best_girl') + ': '), who(data.best_girls)));
      }
      Z.fill(honours, parts);
    }

    function drawSchools() {
      Z.fill(head, Z.el('tr', null,
        Z.el('th.num', null, Z.t('oly.place')),
        Z.el('th', null, Z.t('oly.school')),
        Z.el('th.oly-col-school', null, Z.t('oly.city')),
        Z.el('th.oly-col-country', null, Z.t('oly.country')),
        Z.el('th.num', null, Z.t('oly.members')),
        Z.el('th.num', null, data.basis === 'percent' ? Z.t('oly.percent') : Z.t('oly.total')),
        Z.el('th', null, Z.t('oly.award'))));
      const rows = data.rows || [];
      if (!rows.length) {
        Z.fill(body, Z.el('tr.empty-row', null, Z.el('td', { colspan: 7 }, Z.t('oly.no_rows'))));
      } else {
        Z.fill(body, rows.map((r) => Z.el('tr', { dataset: { award: r.award, id: r.id } },
          Z.el('td.num.strong', null, r.place),
          Z.el('td.oly-name', null, r.school, Z.el('span.oly-sub', null, r.country)),
          Z.el('td.oly-col-school', null, r.city),
          Z.el('td.oly-col-country', null, r.country),
          Z.el('td.num', null, r.members),
          Z.el('td.num.strong', null, fmt(r.total)),
          Z.el('td', null, medalChip(r.award)))));
      }
      note.hidden = true;
      Z.fill(honours);
    }

    function drawCeremony() {
      const c = ceremony();
      document.body.classList.toggle('oly-ceremony-mode', !!c);
      ceremonyBox.hidden = !c;
      tableBox.hidden = !!c;
      if (!c) {
        seen.clear();
        return;
      }
      Z.setText(Z.$('#ob-ceremony-title'), Z.$('#ob-title').textContent);
      const rows = c.rows || [];
      Z.$('#ob-ceremony-wait').hidden = rows.length > 0;
      const fresh = new Set();
      Z.fill(ceremonyList, rows.map((r) => {
        const key = (r.id != null ? r.id : r.school) + ':' + r.place;
        const isNew = !seen.has(key);
        fresh.add(key);
        return Z.el('li.oly-reveal', { dataset: { award: r.award }, class: isNew ? 'is-new' : null },
          Z.el('span.oly-reveal-place', null, r.place),
          Z.el('span.oly-reveal-who', null,
            Z.el('span.oly-reveal-name', null, view === 'schools' ? r.school : r.name),
            Z.el('span.oly-reveal-school', null, view === 'schools'
              ? [r.city, r.country].filter(Boolean).join(', ')
              : [r.school, r.country].filter(Boolean).join(', '))),
          Z.el('span.oly-reveal-total', null, fmt(r.total)),
          medalChip(r.award));
      }));
      seen.clear();
      for (const key of fresh) seen.add(key);
      const newest = Z.$('.oly-reveal.is-new', ceremonyList);
      if (newest) newest.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    }

    Z.connectLive({
      snapshot: () => {
        Z.fetchJSON('/api/olympiad/board').then(({ ok, data: board }) => {
          if (!ok) return;
          state = board;
          drawBanner();
          drawCeremony();
        }, () => {});
        refetch();
      },
      'olympiad.results': (payload) => {
        const subjects = (payload && payload.subjects) || [];
        if (view === 'schools' || !subjects.length || subjects.includes(page.subject)) refetch();
      },
      'olympiad.board': (board) => {
        const before = ceremony();
        state = board || {};
        drawBanner();
        drawCeremony();
        if (!!before !== !!ceremony() || !state.ceremony) refetch();
      },
    });
    drawBanner();
    drawCeremony();
    load();
    Z.keepAwake();
  }

  // ---------------------------------------------------------------- the board's control

  function boardControl() {
    let state = page.board || {};
    let busy = false;
    const error = Z.$('#oc-error');
    const targetSelect = Z.$('#oc-target');

    function draw() {
      const c = state.ceremony;
      Z.setText(Z.$('#oc-freeze-state'), state.frozen
        ? Z.t('oc.frozen', { time: Z.fmtTime(state.frozen_at ? state.frozen_at + 'Z' : '') })
        : Z.t('oc.live'));
      Z.$('#oc-freeze-state').dataset.frozen = state.frozen ? '1' : '0';
      Z.$('#oc-freeze').disabled = !!state.frozen;
      Z.$('#oc-unfreeze').disabled = !state.frozen;
      Z.setText(Z.$('#oc-progress'), c
        ? Z.t('oc.progress', { revealed: c.revealed, groups: c.groups, target: targetName(c.target) })
        : Z.t('oc.no_ceremony'));
      for (const button of Z.$$('[data-command]')) {
        if (button.dataset.command !== 'start') button.disabled = !c;
      }
      if (c && document.activeElement !== targetSelect) targetSelect.value = c.target;
      Z.fill(Z.$('#oc-revealed'), ((c && c.rows) || []).map((r) => Z.el('li', { dataset: { award: r.award } },
        Z.el('span.strong', null, r.place + '. '), r.name || r.school, ' ',
        Z.el('span.muted', null, r.name ? r.school : r.country), ' ', medalChip(r.award))));
    }

    function targetName(code) {
      const option = Array.from(targetSelect.options).find((o) => o.value === code);
      return option ? option.textContent : code;
    }

    function post(url, body) {
      if (busy) return;
      busy = true;
      Z.fetchJSON(url, { body }).then(({ ok, data }) => {
        if (ok) {
          state = data;
          say(error, '');
          draw();
        } else say(error, errorText(data), true);
      }, () => say(error, Z.t('oly.no_answer'), true)).finally(() => {
        busy = false;
      });
    }

    function command(name) {
      const body = { command: name };
      if (name === 'start') body.target = targetSelect.value;
      post('/api/olympiad/ceremony', body);
    }

    Z.$('#oc-freeze').addEventListener('click', () => post('/api/olympiad/freeze', { frozen: true }));
    Z.$('#oc-unfreeze').addEventListener('click', () => post('/api/olympiad/freeze', { frozen: false }));
    for (const button of Z.$$('[data-command]')) {
      button.addEventListener('click', () => command(button.dataset.command));
    }
    document.addEventListener('keydown', (event) => {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      const tag = (event.target && event.target.tagName) || '';
      if (['INPUT', 'SELECT', 'TEXTAREA'].includes(tag)) return;
      let name = null;
      if (event.key === ' ' || event.key === 'ArrowRight' || event.key === 'PageDown') name = 'next';
      else if (event.key === 'ArrowLeft' || event.key === 'PageUp') name = 'back';
      if (!name || !state.ceremony) return;
      event.preventDefault();
      // A focused button would also take the Space as a click (Start again, say).
      if (tag === 'BUTTON') event.target.blur();
      command(name);
    });
    Z.connectLive({
      'olympiad.board': (board) => {
        state = board || state;
        draw();
      },
    });
    draw();
  }

  // ---------------------------------------------------------------- blind marking

  function juryProblem() {
    const problem = page.problem;
    let works = page.works || [];
    const form = Z.$('#oj-form');
    const codeInput = Z.$('#oj-code');
    const markInput = Z.$('#oj-mark');
    const result = Z.$('#oj-result');
    const tbody = Z.$('#oj-body');
    const disputes = Z.$('#oj-disputes-list');
    let lastCode = null;
    let busy = false;

    function statusLabel(status) {
      const labels = {
        unmarked: Z.t('oj.status.unmarked'),
        first: Z.t('oj.status.first'),
        disputed: Z.t('oj.status.disputed'),
        agreed: Z.t('oj.status.agreed'),
        resolved: Z.t('oj.status.resolved'),
        imported: Z.t('oj.status.imported'),
        appealed: Z.t('oj.status.appealed'),
      };
      return labels[status] || status;
    }

    function draw() {
      const done = works.filter((w) => ['agreed', 'resolved', 'imported', 'appealed'].includes(w.status)).length;
      Z.setText(Z.$('#oj-count'), Z.t('oj.count', { done, works: works.length }));
      Z.fill(tbody, works.length ? works.map((w) => Z.el('tr', {
        dataset: { code: w.code, status: w.status },
        class: w.code === lastCode ? 'is-last' : null,
      },
      Z.el('td', null, Z.el('span.oj-label', null, w.code)),
      Z.el('td', null, Z.el('span.oj-status', { dataset: { status: w.status } }, statusLabel(w.status))),
      Z.el('td.num.strong.oj-mine', null, fmt(w.mine)),
      Z.el('td.num', null, fmt(w.first)),
      Z.el('td.num', null, fmt(w.second)),
      Z.el('td.num.strong', null, fmt(w.agreed)))) : Z.el('tr.empty-row', null, Z.el('td', { colspan: 6 }, Z.t('oj.no_works'))));
      drawDisputes();
    }

    function drawDisputes() {
      const open = works.filter((w) => w.status === 'disputed');
      if (!open.length) {
        Z.fill(disputes, Z.el('p.muted', null, Z.t('oj.no_disputes')));
        return;
      }
      Z.fill(disputes, open.map((w) => {
        const mark = Z.el('input', { type: 'number', name: 'mark', min: 0, max: problem.max, step: problem.step,
          inputmode: 'decimal', required: true });
        const noteInput = Z.el('input', { name: 'note', maxlength: 500 });
        const message = Z.el('p.field-error', { hidden: true });
        const mineToo = w.mine != null;
        return Z.el('form.oj-dispute', {
          dataset: { code: w.code },
          onsubmit: (event) => {
            event.preventDefault();
            Z.fetchJSON('/api/jury/problems/' + problem.id + '/agreed',
              { body: { code: w.code, mark: mark.value.trim(), note: noteInput.value } })
              .then(({ ok, data }) => {
                if (ok) {
                  Z.notify(Z.t('oj.agreed_saved', { code: w.code, mark: fmt(data.agreed) }));
                  load();
                } else {
                  message.hidden = false;
                  Z.setText(message, errorText(data));
                }
              }, () => {
                message.hidden = false;
                Z.setText(message, Z.t('oly.no_answer'));
              });
          },
        },
        Z.el('span.oj-label', null, w.code),
        Z.el('span.oj-dispute-marks', null, Z.t('oj.marks_were', { first: fmt(w.first), second: fmt(w.second) })),
        mineToo && !page.chief ? Z.el('span.muted', null, Z.t('oj.you_marked')) : [
          Z.el('label', null, Z.t('oj.agreed_mark'), mark),
          Z.el('label', null, Z.t('oj.note'), noteInput),
          Z.el('button.btn.btn-primary', { type: 'submit' }, Z.t('oj.set_agreed')),
        ],
        message);
      }));
    }

    function load() {
      Z.fetchJSON('/api/jury/problems/' + problem.id).then(({ ok, data }) => {
        if (!ok || !data.works) return;
        works = data.works;
        page.chief = data.chief;
        draw();
      }, () => {});
    }
    const refetch = debounce(load, 300);

    codeInput.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter') return;
      event.preventDefault();
      if (codeInput.value.trim()) {
        markInput.focus();
        markInput.select();
      }
    });

    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const code = codeInput.value.trim();
      const mark = markInput.value.trim();
      if (!code) {
        say(result, Z.t('oj.need_code'), true);
        codeInput.focus();
        return;
      }
      if (!mark) {
        say(result, Z.t('oj.need_mark'), true);
        markInput.focus();
        return;
      }
      if (busy) return;
      busy = true;
      Z.fetchJSON('/api/jury/problems/' + problem.id + '/marks', { body: { code, mark } })
        .then(({ ok, data }) => {
          if (ok) {
            lastCode = data.code;
            const index = works.findIndex((w) => w.code === data.code);
            if (index >= 0) works[index] = data;
            draw();
            say(result, Z.t('oj.saved', { code: data.code, mark: fmt(data.mine), status: statusLabel(data.status) }), false);
            codeInput.value = '';
            markInput.value = '';
            codeInput.focus();
          } else {
            say(result, errorText(data), true);
            const onCode = (data.errors || []).some((e) => e[0] === 'code');
            (onCode ? codeInput : markInput).focus();
            (onCode ? codeInput : markInput).select();
          }
        }, () => say(result, Z.t('oly.no_answer'), true))
        .finally(() => {
          busy = false;
        });
    });

    Z.connect('/jury', {
      snapshot: () => refetch(),
      'marks.updated': (payload) => {
        if (payload && payload.problem_id === problem.id) refetch();
      },
    });
    draw();
    codeInput.focus();
  }

  // ---------------------------------------------------------------- forms that reload

  /** A form's fields as JSON: "a.b" names nest, checkboxes are booleans, radios their value. */
  function formBody(form) {
    const body = {};
    for (const input of Z.$$('input[name], select[name], textarea[name]', form)) {
      if (input.type === 'file') continue;
      if (input.type === 'radio' && !input.checked) continue;
      const value = input.type === 'checkbox' ? input.checked : input.value;
      const path = input.name.split('.');
      let at = body;
      for (const part of path.slice(0, -1)) at = at[part] = at[part] || {};
      at[path[path.length - 1]] = value;
    }
    return body;
  }

  function showErrors(form, data) {
    const box = Z.$('.oad-errors', form);
    if (!box) {
      Z.notify(errorText(data), 'error');
      return;
    }
    box.hidden = false;
    Z.setText(Z.$('.oad-error-text', box), data && data.error ? data.error : Z.t('oly.no_answer'));
    Z.fill(Z.$('ol', box), ((data && data.errors) || []).map((e) =>
      Z.el('li', null, e[0] ? Z.el('strong', null, e[0] + ': ') : null, e[1])));
  }

  function readFile(form) {
    const file = Z.$('input[type=file]', form);
    if (!file || !file.files || !file.files.length) return Promise.resolve(null);
    return file.files[0].text();
  }

  function apiForms() {
    showSavedMessage(Z.$('#oad-message'));
    for (const form of Z.$$('form[data-api], form[data-api-template]')) {
      const send = (extra) => {
        const box = Z.$('.oad-errors', form);
        if (box) box.hidden = true;
        readFile(form).then((text) => {
          let body = formBody(form);
          if (form.dataset.csv) {
            const csv = text != null ? text : (body.csv || '');
            body = { csv };
          }
          Object.assign(body, extra || {});
          let url = form.dataset.api;
          if (form.dataset.apiTemplate) {
            url = form.dataset.apiTemplate.replace('__code__', encodeURIComponent(Z.$('[name=subject]', form).value));
          }
          const button = Z.$('button[type=submit]', form);
          if (button) button.disabled = true;
          return Z.fetchJSON(url, { body }).then(({ ok, status, data }) => {
            if (button) button.disabled = false;
            if (ok) {
              reloadWith(form.dataset.done);
              return;
            }
            showErrors(form, data);
            const force = Z.$('.oad-force', form);
            if (force && status === 409) force.hidden = false;
          });
        }).catch(() => showErrors(form, null));
      };
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        send();
      });
      const force = Z.$('.oad-force', form);
      if (force) force.addEventListener('click', () => send({ force: true }));
    }
    for (const button of Z.$$('button[data-api]')) {
      button.addEventListener('click', () => {
        button.disabled = true;
        Z.fetchJSON(button.dataset.api, { body: JSON.parse(button.dataset.body || '{}') })
          .then(({ ok, data }) => {
            button.disabled = false;
            if (ok) reloadWith(button.dataset.done);
            else Z.notify(errorText(data), 'error');
          }, () => {
            button.disabled = false;
            Z.notify(Z.t('oly.no_answer'), 'error');
          });
      });
    }
    for (const link of Z.$$('input.oad-link')) link.addEventListener('focus', () => link.select());
  }

  function appealsPage() {
    const message = Z.$('#oa-message');
    showSavedMessage(message);
    for (const form of Z.$$('form.oa-decide')) {
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        const body = formBody(form);
        body.accept = body.accept === '1';
        Z.fetchJSON('/api/olympiad/appeals/' + form.dataset.appeal + '/decision', { body })
          .then(({ ok, data }) => {
            if (ok) reloadWith(Z.t('oa.decided'));
            else say(message, errorText(data), true);
          }, () => say(message, Z.t('oly.no_answer'), true));
      });
    }
  }

  function leaderPage() {
    const message = Z.$('#ol-message');
    showSavedMessage(message);
    const form = Z.$('#ol-appeal');
    if (!form) return;
    const who = Z.$('[name=participant]', form);
    const problem = Z.$('[name=problem_id]', form);
    function filter() {
      const chosen = who.selectedOptions[0];
      const subject = chosen ? chosen.dataset.subject : null;
      for (const group of Z.$$('optgroup', problem)) {
        const mine = group.dataset.subject === subject;
        group.hidden = !mine;
        group.disabled = !mine;
      }
      const current = problem.selectedOptions[0];
      if (!current || current.dataset.subject !== subject) {
        const first = Z.$('option[data-subject="' + subject + '"]', problem);
        if (first) problem.value = first.value;
      }
    }
    who.addEventListener('change', filter);
    filter();
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const body = formBody(form);
      Z.fetchJSON('/api/olympiad/appeals', { body }).then(({ ok, data }) => {
        if (ok) reloadWith(Z.t('ol.filed'));
        else say(message, errorText(data), true);
      }, () => say(message, Z.t('oly.no_answer'), true));
    });
  }

  const pages = {
    'olympiad-results': resultsBoard,
    'olympiad-control': boardControl,
    'jury-problem': juryProblem,
    'jury-appeals': appealsPage,
    'olympiad-leader': leaderPage,
    'olympiad-admin': apiForms,
  };
  if (pages[page.kind]) pages[page.kind]();
})(window);
