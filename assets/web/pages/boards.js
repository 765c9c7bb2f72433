// 榜单: a month's public boards as the notice-board poster shows them — the party members'
// red/grey board with their stars drawn and counted, the honour roll (ties at the cut-off all
// listed), the yellow cards with their paired party members. Printed on A3 from the browser,
// or downloaded as the office's PDF poster (the same one `rc-office board --pdf` writes).
'use strict';
(() => {
  const { h } = RC;

  const monthZh = RC.monthZh;

  // "2026-12-02" → "2026年12月2日", as the poster's footer writes it.
  const dayZh = (d) => {
    const [y, m, day] = d.split('-');
    return y + '年' + Number(m) + '月' + Number(day) + '日';
  };

  // Stars drawn (at most `drawn`, as on the poster) and always counted in words.
  function stars(row, drawn) {
    const red = row.red > 0;
    const count = red ? row.red : row.grey;
    return h('span.board-stars',
      count > 0 ? h('span.stars' + (red ? '' : '.grey'), { 'aria-hidden': 'true' },
        '★'.repeat(Math.min(count, drawn))) : null,
      h('span.star-words' + (red ? '.red' : count > 0 ? '.grey' : '.none'), row.stars_text));
  }

  function scoredRow(row, drawn) {
    const kind = row.red > 0 ? 'red' : row.grey > 0 ? 'grey' : 'plain';
    return h('li.board-row.' + kind, { dataset: { id: row.id } },
      h('span.rank', String(row.rank)),
      h('span.name', row.name),
      h('span.score', String(row.score)),
      stars(row, drawn));
  }

  function yellowRow(row) {
    return h('li.board-row.yellow', { dataset: { id: row.id } },
      h('span.yellow-card', { title: '黄牌', 'aria-label': '黄牌' }),
      h('span.name', row.name),
      h('span.score', String(row.score)),
      h('span.pair', '结对党员：' + (row.paired_name || '待安排')));
  }

  function section(id, title, note, rows, draw, tone) {
    return h('section.board-section.' + tone, { id },
      h('div.board-heading', h('h2', title, h('span.count', '（' + rows.length + ' 人）')),
        h('p.board-note', note)),
      rows.length ? h('ol.board-list', rows.map(draw)) : h('p.muted.board-empty', '（本月无）'));
  }

  RC.page('boards', {
    title: '榜单',
    async render(view, args, query) {
      const asked = args[0] || query.get('month') || '';
      const b = await RC.get('boards' + (asked ? '?month=' + encodeURIComponent(asked) : ''));
      const village = b.village || '本村';
      const step = b.star_step;

      // The months to pick from, newest first back to the ledger's first month (at most two years).
      const latest = RC.thisMonth() > b.default_month ? RC.thisMonth() : b.default_month;
      const picker = RC.monthPicker('board-month', b.month, latest, (m) => RC.go('boards/' + m), b.first_month);
      const pdfName = 'board-' + b.month + '.pdf';

      view.append(
        h('div.board-controls',
          h('h1', '榜单 · ' + monthZh(b.month)),
          h('div.row',
            h('div', h('label', { for: 'board-month' }, '看哪个月的榜单'), picker),
            h('button.secondary', { type: 'button', id: 'board-print', onclick: () => window.print() }, '打印（A3 竖版）'),
            h('a.button', { id: 'board-pdf', href: '/console/api/boards/poster?month=' + b.month,
              download: pdfName }, '下载 A3 海报 (PDF)')),
          h('p.muted', '下面就是张贴在公示栏上的榜单。打印时请选 A3 纸、竖版；也可以下载 PDF 海报拿去打印。')),
        h('article.board-poster',
          h('header.board-title',
            h('div.board-village', village + ' 红色信用公示榜'),
            h('div.board-month', monthZh(b.month))),
          section('board-party', '党员红灰榜',
            '1000分以上每满' + step + '分一颗红星，以下每满' + step + '分一颗灰星',
            b.party_board, (r) => scoredRow(r, b.stars_drawn), 'red'),
          section('board-commended', '张榜表彰',
            '信用分前' + b.top_size + '名，同分并列者一并上榜',
            b.commended, (r) => scoredRow(r, b.stars_drawn), 'red'),
          section('board-yellow', '黄牌警告',
            '信用分后' + b.bottom_size + '名，每人由一名党员结对帮扶',
            b.yellow_cards, yellowRow, 'yellow'),
          h('footer.board-footer',
            h('span', '打印日期：' + dayZh(RC.today())),
            h('span.board-committee', village + '村委会'))));
    },
  });
})();
