/*
 * FLL pages: the robot-game scoreboard (live from /live, scrolling when the teams do not fit)
 * and the head referee's list of table sheets with "reopen".
 */
(function () {
  'use strict';

  const Z = window.Zharys;
  const kind = Z.page.kind;

  // ---------------------------------------------------------------- scoreboard

  function scoreboard() {
    const view = { round: Z.$('#sb-round'), top: Z.$('#sb-top'), body: Z.$('#sb-body'), box: Z.$('#sb-box') };
    let bests = new Map(); // team → best, to flash rows whose best just changed

    function roundText(board) {
      if (board.round == null) return Z.t('sb.done');
      if (board.round === 0) return Z.t('sb.practice');
      return Z.t('sb.round', { n: board.round, total: board.rounds });
    }

    function render(board) {
      Z.setText(view.round, roundText(board));
      const rows = board.rankings || [];
      Z.fill(view.top, rows.slice(0, 3).filter((r) => r.best != null).map((r) =>
        Z.el('div.sb-podium', null,
          Z.el('span.sb-place', null, Z.t('sb.rank', { n: r.rank })),
          Z.el('span.sb-team', null, String(r.team.number)),
          Z.el('span.sb-name', null, r.team.name || ''),
          Z.el('span.sb-best', null, String(r.best)))));
      const next = new Map();
      Z.fill(view.body, rows.map((r) => {
        const row = Z.rankingRow(r);
        next.set(r.team.number, r.best);
        if (bests.size && bests.get(r.team.number) !== r.best) row.classList.add('is-new');
        return row;
      }));
      bests = next;
    }

    function refetch() {
      Z.fetchJSON('/api/scoreboard').then(({ ok, data }) => ok && render(data));
    }

    // Scroll slowly through a long table, pause at both ends.
    let pauseUntil = Date.now() + 4000;
    let direction = 1;
    setInterval(() => {
      const box = view.box;
      if (!box || box.scrollHeight <= box.clientHeight + 4 || Date.now() < pauseUntil) return;
      box.scrollTop += direction * 2;
      const atEnd = box.scrollTop + box.clientHeight >= box.scrollHeight - 1;
      if (atEnd || box.scrollTop <= 0) {
        pauseUntil = Date.now() + 5000;
        if (atEnd) {
          direction = 0;
          setTimeout(() => { box.scrollTop = 0; direction = 1; pauseUntil = Date.now() + 4000; }, 5000);
        }
      }
    }, 40);

    Z.connectLive({
      snapshot: refetch,
      'rankings.updated': refetch,
      'schedule.updated': refetch,
    });
  }

  // ---------------------------------------------------------------- head referee: sheets

  function robotGameControl() {
    for (const button of document.querySelectorAll('[data-reopen]')) {
      button.addEventListener('click', () => {
        const label = button.dataset.label;
        if (!window.confirm(Z.t('rg.confirm_reopen', { label, table: button.dataset.table }))) return;
        button.disabled = true;
        Z.fetchJSON('/api/robot-game/reopen', { body: { match_id: Number(button.dataset.match), alliance: button.dataset.alliance } })
          .then(({ ok, data }) => {
            if (ok) window.location.reload();
            else {
              button.disabled = false;
              window.alert((data && data.error) || Z.t('rg.failed'));
            }
          });
      });
    }
  }

  if (kind === 'scoreboard') scoreboard();
  if (kind === 'robot-game-control') robotGameControl();
})();
