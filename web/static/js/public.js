/*
 * Public pages: the home page's team lookup, the rankings table refreshed on
 * rankings.updated, and the schedule and team pages, which reload when a result or the
 * schedule changes and mark matches that are on a field right now.
 */
(function () {
  'use strict';

  const Z = window.Zharys;
  const kind = Z.page.kind;

  /** A URL rendered by url_for with a placeholder number, for any team number. */
  function teamUrl(node, number) {
    return node.dataset.teamUrl.replace(node.dataset.placeholder, encodeURIComponent(number));
  }

  // ---------------------------------------------------------------- home

  function home() {
    const form = Z.$('#team-lookup');
    if (!form) return;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const number = parseInt(Z.$('#team-number', form).value, 10);
      if (number > 0) window.location.href = form.dataset.url.replace(form.dataset.placeholder, String(number));
    });
  }

  // ---------------------------------------------------------------- rankings

  function rankings() {
    const table = Z.$('#rankings-table');
    const body = Z.$('tbody', table);

    const division = Z.page.division || null;

    function render(all) {
      // With divisions, the page shows one division's table.
      const list = division ? all.filter((r) => r.division === division) : all;
      if (!list.length) return; // keep the server's "no matches yet" row
      Z.fill(body, list.map((r) => {
        if (Array.isArray(r.scores)) {
          // Robot game (FLL): round scores and the best one.
          return Z.el('tr', null,
            Z.el('td.num.rank', null, String(r.rank)),
            Z.el('td.num.team', null, Z.el('a', { href: teamUrl(table, r.team.number) }, String(r.team.number))),
            Z.el('td.col-name', null, r.team.name || ''),
            ...r.scores.map((s) => Z.el('td.num.col-opt', null, s == null ? '—' : String(s))),
            Z.el('td.num.strong', null, r.best == null ? '—' : String(r.best)));
        }
        const tb = r.tiebreakers || [];
        return Z.el('tr', null,
          Z.el('td.num.rank', null, String(r.rank)),
          Z.el('td.num.team', null, Z.el('a', { href: teamUrl(table, r.team.number) }, String(r.team.number))),
          Z.el('td.col-name', null, r.team.name || ''),
          Z.el('td.num.strong', null, Z.fmtNumber(r.ranking_score, 2)),
          Z.el('td.num.col-opt', null, Z.fmtNumber(tb[0], 2)),
          Z.el('td.num.col-opt', null, Z.fmtNumber(tb[1], 2)),
          Z.el('td.num.col-opt2', null, r.highest_score == null ? '—' : String(r.highest_score)),
          Z.el('td.num.nowrap', null, r.wins + '-' + r.losses + '-' + r.ties),
          Z.el('td.num.col-opt2', null, String(r.played)));
      }));
      table.classList.remove('just-updated');
      void table.offsetWidth; // restart the highlight animation
      table.classList.add('just-updated');
    }

    function refetch() {
      Z.fetchJSON('/api/rankings' + (division ? '?division=' + encodeURIComponent(division) : '')).then(({ ok, data }) => {
        if (ok) render(Array.isArray(data) ? data : data.rankings || []);
      });
    }

    Z.connectLive({
      snapshot: (data) => data.rankings && render(data.rankings),
      'rankings.updated': (data) => (data && Array.isArray(data.rankings) ? render(data.rankings) : refetch()),
    });
  }

  // ---------------------------------------------------------------- schedule and team

  /** Reload soon (once) when what the server rendered is out of date. */
  let reloadTimer = null;
  function reloadSoon() {
    if (reloadTimer) return;
    reloadTimer = setTimeout(() => window.location.reload(), 1500);
  }

  /** Track which matches are on a field now; call mark(fieldStates) on every change. */
  function watchFields(mark, onResult) {
    const fields = new Map();
    const changed = () => mark(Array.from(fields.values()));
    Z.connectLive({
      snapshot(data) {
        fields.clear();
        for (const fs of data.fields || []) fields.set(String(fs.field), fs);
        changed();
      },
      'match.state'(fs) {
        fields.set(String(fs.field), fs);
        changed();
      },
      'score.final': onResult,
      'schedule.updated': reloadSoon,
    });
  }

  function schedule() {
    const rows = Z.$$('#schedule-table tbody tr');
    const filter = Z.$('#team-filter');
    if (filter) {
      const saved = new URLSearchParams(window.location.search).get('team') || sessionStorage.getItem('zharys.teamFilter') || '';
      filter.value = saved;
      const apply = () => {
        const team = filter.value.trim();
        sessionStorage.setItem('zharys.teamFilter', team);
        for (const row of rows) row.hidden = !!team && !row.dataset.teams.split(' ').includes(team);
      };
      filter.addEventListener('input', apply);
      apply();
    }
    watchFields((states) => {
      const now = new Map(states.filter((fs) => fs.match && fs.state !== 'idle' && fs.state !== 'committed').map((fs) => [String(fs.match.id), fs]));
      for (const row of rows) {
        const fs = now.get(row.dataset.match);
        row.classList.toggle('is-now', !!fs);
        const cell = Z.$('.status-text', row);
        if (cell && fs) Z.setText(cell, Z.stateLabel(fs.state));
      }
    }, reloadSoon);
  }

  function team() {
    // page.team is the team number (docs/API.md); accept a {number} dict as well.
    const number = Number(Z.page.team && Z.page.team.number != null ? Z.page.team.number : Z.page.team);
    const banner = Z.$('#live-banner');
    const plays = (match) => match && ['red', 'blue'].some((a) => Z.slots(match, a).some((s) => Number(s.number) === number));
    watchFields((states) => {
      const on = states.find((fs) => plays(fs.match) && ['loaded', 'auto', 'transition', 'teleop', 'endgame', 'match', 'ended', 'review'].includes(fs.state));
      banner.hidden = !on;
      if (!on) return;
      const key = Z.isRunning(on.state) ? 'team.playing' : on.state === 'loaded' ? 'team.on_field' : 'team.scoring';
      Z.setText(banner, Z.t(key, { label: on.match.label, field: on.field }));
    }, (result) => {
      if (result && plays(result.match)) reloadSoon();
    });
  }

  const pages = { home, rankings, schedule, team };
  if (pages[kind]) pages[kind]();
})();
