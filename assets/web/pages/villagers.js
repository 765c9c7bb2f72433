// 村民: find a villager (part of the name, a household code, a card or QR serial), their record
// (score, points, stars, rank, welfare, cards, entries, the score by month as a chart), and a
// household with its members. A collector sees only their own grid.
'use strict';
(() => {
  const { h } = RC;
  const MAX_STARS_DRAWN = 10;
  // Appends children as RC.h does: null and false are skipped, strings are text.
  const add = (el, ...children) => RC.append(el, children);

  // "12 颗红星" and a short row of stars (at most MAX_STARS_DRAWN drawn).
  function starsLine(stars) {
    if (stars.red > 0) {
      return h('span.vstars', h('span.stars', '★'.repeat(Math.min(stars.red, MAX_STARS_DRAWN)) +
        (stars.red > MAX_STARS_DRAWN ? '…' : '')), ' ', h('span.vstarcount', stars.red + ' 颗红星'));
    }
    if (stars.grey > 0) {
      return h('span.vstars', h('span.stars.grey', '★'.repeat(Math.min(stars.grey, MAX_STARS_DRAWN)) +
        (stars.grey > MAX_STARS_DRAWN ? '…' : '')), ' ', h('span.vstarcount', stars.grey + ' 颗灰星'));
    }
    return h('span.vstars.muted', '没有星（1000 分上下不到 5 分）');
  }

  const deltaText = (n) => (n > 0 ? '+' + n : n < 0 ? '−' + Math.abs(n) : '0');
  const deltaClass = (n) => (n > 0 ? 'up' : n < 0 ? 'down' : 'muted');

  function badges(v) {
    return [v.head ? h('span.badge.grey', '户主') : null,
      v.party_member ? h('span.badge.red', '党员') : null,
      v.moved_away ? h('span.badge.warn', '已迁出') : null];
  }

  // ---- search -----------------------------------------------------------------------------

  function resultList(rows) {
    return h('ul.vlist', { role: 'list' },
      h('li.vhead', { 'aria-hidden': 'true' }, h('span', '姓名'), h('span', '户号'), h('span', '网格'),
        h('span.num', '信用分'), h('span.num', '积分')),
      rows.map((v) => h('li', h('a.vrow', { href: '#/villager/' + v.id, dataset: { id: v.id } },
        h('span.vname', v.name, ' ', badges(v)),
        h('span.vhh', v.household || ('第 ' + v.household_id + ' 户')),
        h('span.vgrid', v.grid),
        h('span.num.vscore', h('span.vlabel', '信用分 '), String(v.score)),
        h('span.num.vpoints', h('span.vlabel', '积分 '), String(v.points))))));
  }

  RC.page('villagers', {
    title: '村民',
    async render(view, args, query) {
      const q = (query.get('q') || '').trim();
      const input = h('input', { id: 'vsearch', type: 'search', name: 'q', value: q, maxlength: 32,
        autocomplete: 'off', enterkeyhint: 'search', placeholder: '例如：刘、H012、Q000123' });
      const form = h('form.vsearch', { role: 'search' },
        h('label', { for: 'vsearch' }, '姓名（一部分也可以）、户号或卡号'),
        h('div.row', input, h('button', { type: 'submit' }, '查找')));
      form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        const t = input.value.trim();
        if (!t) { input.focus(); return; }
        RC.go('villagers?q=' + encodeURIComponent(t));
      });
      const mine = RC.state.user && RC.state.user.role === 'collector';
      add(view, h('h1', '村民'), form,
        mine ? h('p.muted', '只列出你网格（' + RC.state.user.grid + '）里的村民。') : null);
      if (!q) {
        add(view, h('p.muted', '输入后按“查找”。刷卡或输入卡上的编号（Q 开头）也能找到本人。'));
        setTimeout(() => input.focus(), 0);
        return;
      }
      const res = await RC.get('villagers?q=' + encodeURIComponent(q));
      const how = { card: '按卡号找到', household: '按户号找到', name: '按姓名找到' }[res.matched_by] || '';
      if (!res.rows.length) {
        add(view, h('p.vcount', '没有找到“' + q + '”。请换一个字，或检查户号、卡号。'));
        return;
      }
      add(view, h('p.vcount', how + ' ' + res.rows.length + ' 人',
        res.more ? h('span.badge.warn', '只显示前 ' + res.limit + ' 人，请多输入几个字') : null),
      resultList(res.rows));
    },
  });

  // ---- one villager ------------------------------------------------------------------------

  // The score at each month's end as a line: month labels, the line, a dot per month, the
  // latest value written beside its dot, and the welfare threshold as a dashed line.
  function scoreChart(months, threshold) {
    // A narrower drawing on a phone, so its words stay readable when it is scaled down.
    const phone = window.innerWidth < 640;
    const W = phone ? 400 : 720, H = phone ? 240 : 260, L = phone ? 46 : 56, R = phone ? 56 : 70, T = 28, B = 40;
    const scores = months.map((m) => m.score);
    let lo = Math.min(...scores, 1000, threshold), hi = Math.max(...scores, 1000, threshold);
    const pad = Math.max(5, Math.ceil((hi - lo) * 0.1));
    lo -= pad; hi += pad;
    const x = (i) => L + (months.length === 1 ? 0 : i * (W - L - R) / (months.length - 1));
    const y = (s) => T + (hi - s) * (H - T - B) / (hi - lo);
    const s = RC.svg;
    const parts = [];
    for (const [v, cls] of [[1000, 'base'], [threshold, 'threshold']]) {
      parts.push(s('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), class: 'vc-' + cls }));
      parts.push(s('text', { x: L - 6, y: y(v) + 5, 'text-anchor': 'end', class: 'vc-axis' }, String(v)));
    }
    parts.push(s('text', { x: W - R + 4, y: y(threshold) + 5, class: 'vc-axis' }, '福利线'));
    months.forEach((m, i) => {
      parts.push(s('text', { x: x(i), y: H - B + 22, 'text-anchor': 'middle', class: 'vc-axis' },
        phone && (months.length - 1 - i) % 2 ? '' : Number(m.month.slice(5)) + '月'));
    });
    parts.push(s('polyline', { class: 'vc-line', fill: 'none',
      points: months.map((m, i) => x(i).toFixed(1) + ',' + y(m.score).toFixed(1)).join(' ') }));
    months.forEach((m, i) => parts.push(s('circle', { cx: x(i), cy: y(m.score), r: 5, class: 'vc-dot' },
      s('title', m.month + '：' + m.score + ' 分'))));
    const last = months[months.length - 1];
    parts.push(s('text', { x: x(months.length - 1) + 9, y: y(last.score) - 9, class: 'vc-latest' },
      String(last.score)));
    return s('svg', { class: 'chart vchart', viewBox: `0 0 ${W} ${H}`, role: 'img',
      'aria-label': '近 12 个月每月月底的信用分，最近 ' + last.score + ' 分' }, parts);
  }

  function figure(label, value, extra) {
    return h('div.card.vfig', h('div.muted', label), h('div.figure', value), extra || null);
  }

  // Reads one villager's or household's record; a refusal (another grid: 403, none: 404) is
  // drawn in the view in plain words and null comes back.
  async function readOrRefuse(view, path, title, whom) {
    try {
      return await RC.get(path);
    } catch (e) {
      if (!(e instanceof RC.ApiError && (e.status === 403 || e.status === 404))) throw e;
      const u = RC.state.user;
      add(view, h('h1', title), h('p.error-text.vrefused', { role: 'alert' }, e.message),
        e.status === 403 && u && u.grid ? h('p', '信息员只能看自己网格（' + u.grid + '）里的' + whom + '。') : null,
        h('p', h('a', { href: '#/villagers' }, '回到村民查找')));
      return null;
    }
  }

  const cardKinds = { qr: '二维码卡', ic: 'IC 卡', id: '身份证', staff: '工作卡' };

  RC.page('villager', {
    title: '村民',
    nav: false,
    navAs: 'villagers',
    async render(view, args) {
      const id = args[0];
      if (!/^\d+$/.test(id || '')) throw new Error('没有这个村民 (no villager id)');
      const v = await readOrRefuse(view, 'villagers/' + id, '村民', '村民');
      if (!v) return;
      add(view,
        h('p.vback', h('a', { href: '#/villagers' }, '‹ 村民查找')),
        h('h1', v.name, ' ', badges(v), v.yellow_card ? h('span.badge.warn', '黄牌警告') : null),
        h('p.vwhere',
          h('a', { href: '#/household/' + v.household_id }, (v.household || '第 ' + v.household_id + ' 户') + ' · ' + v.address),
          ' · ', v.grid),
        v.moved_away ? h('p.notice.show.warn', '已迁出：记录保留，不再记新的信用分。') : null,
        h('div.cards.vfigs',
          figure('信用分', String(v.score), h('div', starsLine(v.stars),
            v.level ? h('div.muted', '信用等级：' + v.level) : h('div.muted', '信用等级：未达等级'))),
          figure('可兑换积分', String(v.points), h('div.muted', '在超市和服务站用')),
          figure(v.month + ' 村内排名', v.rank ? '第 ' + v.rank + ' 名' : '—',
            h('div.muted', '共 ' + v.ranked + ' 人 · 月底 ' + v.month_score + ' 分')),
          figure('福利资格（' + v.welfare_threshold + ' 分起）', v.welfare_eligible ? '有' : '没有',
            h('div.vwelfare', h('span.badge.' + (v.welfare_eligible ? 'ok' : 'grey'),
              '节日福利：' + (v.welfare_eligible ? '有' : '没有')),
            ' ', h('span.badge.' + (v.household_eligible ? 'ok' : 'grey'),
              '本户农机：' + (v.household_eligible ? '有' : '没有'))))),
        v.paired_with ? h('p', '结对帮扶的党员：',
          h('a', { href: '#/villager/' + v.paired_with.id }, v.paired_with.name)) : null,
        v.teams.length ? h('p', '志愿服务队：' + v.teams.join('、')) : null,
        h('h2', '近 12 个月的信用分（每月月底）'),
        h('div.vchart-wrap', scoreChart(v.months, v.welfare_threshold)),
        h('h2', '卡'),
        RC.table([
          { label: '卡', cell: (c) => (cardKinds[c.kind] || c.kind) + ' ' + c.uid },
          { label: '发卡', key: 'issued' },
          { label: '状态', cell: (c) => c.revoked ? h('span.badge.grey', '已作废 ' + c.revoked + (c.reason ? '（' + c.reason + '）' : ''))
            : h('span.badge.ok', '在用') },
        ], v.cards, { class: 'stack', empty: '还没有卡。' }),
        h('h2', '记录（最新的在前）'),
        RC.table([
          { label: '日期', cell: (e) => e.at.slice(0, 10) },
          { label: '什么事', cell: (e) => h('span', h('span.muted', e.kind_zh + (e.what ? '：' : '')), e.what) },
          { label: '变动', cell: (e) => h('span.vdelta',
            h('span.' + deltaClass(e.score_delta), '信用分 ' + deltaText(e.score_delta)), ' · ',
            h('span.' + deltaClass(e.points_delta), '积分 ' + deltaText(e.points_delta))) },
        ], v.entries, { class: 'stack', empty: '还没有记录。' }),
        v.more_entries ? h('p.muted', '只列出最近 ' + v.entries.length + ' 条。') : null);
    },
  });

  // ---- one household -----------------------------------------------------------------------

  RC.page('household', {
    title: '户',
    nav: false,
    navAs: 'villagers',
    async render(view, args) {
      const id = args[0];
      if (!/^\d+$/.test(id || '')) throw new Error('没有这一户 (no household id)');
      const hh = await readOrRefuse(view, 'households/' + id, '户', '户');
      if (!hh) return;
      add(view,
        h('p.vback', h('a', { href: '#/villagers' }, '‹ 村民查找')),
        h('h1', '户号 ' + (hh.code || hh.id), hh.relief ? h('span.badge.warn', '低保/五保') : null),
        h('p.vwhere', hh.address + ' · ' + hh.grid + ' · ' + hh.members.length + ' 人'),
        resultList(hh.members));
    },
  });
})();
