// 今日: what each kiosk did today as the office holds it, when it last synced, and one box of
// everything that needs a person, each line saying what to do next. For the office roles.
'use strict';
RC.page('today', {
  title: '今日',
  roles: ['secretary', 'clerk', 'auditor'],
  async render(view) {
    const { h } = RC;
    const data = await RC.get('today');

    // How long ago, in words a clerk reads at a glance.
    const ago = (m) => (m === null ? '' : m < 1 ? '刚刚' : m < 60 ? m + ' 分钟前'
      : m < 24 * 60 ? Math.floor(m / 60) + ' 小时前' : Math.floor(m / 1440) + ' 天前');

    view.append(h('h1', '今日 · ' + data.day),
      h('p.muted', '村委会电脑的时间：' + data.now + '（北京时间）'));

    // ---- 需要处理 ----
    const box = h('section.card.today-todo' + (data.todo.length ? '.has-items' : '.all-clear'),
      { id: 'todo' }, h('h2', '需要处理'));
    if (!data.todo.length) {
      box.append(h('p.today-clear', '✓ 现在没有需要处理的事。'));
    } else {
      box.append(h('p', '共 ' + data.todo.length + ' 件，最新的在前面：'),
        h('ol.today-items', data.todo.map((t) => h('li.today-item', { dataset: { problem: t.problem } },
          h('div.today-item-head', h('strong', t.title), ' ', h('span.badge.grey', t.kiosk_name),
            ' ', h('span.muted', t.at)),
          h('div', t.detail),
          h('div.today-next', '下一步：', t.next)))));
    }
    if (data.earlier > 0) {
      box.append(h('p.muted', '另有 ' + data.earlier + ' 条以前的记录，在', h('a', { href: '#/reconcile' }, '对账'),
        '页按日期查看。'));
    }
    view.append(box);

    // ---- each kiosk ----
    view.append(h('h2', '各终端今天'));
    if (!data.kiosks.length) {
      view.append(h('p.card.muted', '今天还没有交易，也没有登记的终端。'));
      return;
    }
    const anySales = data.kiosks.some((k) => k.today.entries > 0);
    if (!anySales) view.append(h('p.today-empty', '今天还没有交易。'));
    view.append(h('div.cards', data.kiosks.map((k) => {
      const t = k.today;
      const sync = k.enrolled
        ? (k.last_sync ? h('span', k.last_sync.slice(11), '（', ago(k.minutes_ago), '）') : h('span.down', '还没有同步过'))
        : h('span.muted', '不用同步（记在村委会的账本里）');
      const stale = k.enrolled && !k.revoked && (k.minutes_ago === null || k.minutes_ago > 60);
      return h('div.card.today-kiosk' + (k.chain_ok ? '' : '.bad') + (stale ? '.stale' : ''),
        { dataset: { kiosk: k.kiosk } },
        h('h3', k.name, k.revoked ? h('span.badge.grey', '已停用') : null),
        h('dl.today-figures',
          h('dt', '兑换'), h('dd', h('span.figure.small', String(t.redemptions)), ' 笔 · ', String(t.redeemed_points), ' 积分'),
          h('dt', '预约'), h('dd', h('span.figure.small', String(t.bookings)), ' 笔 · ', String(t.booked_points), ' 积分'),
          t.voids ? [h('dt', '冲销'), h('dd', String(t.voids), ' 笔 · 退回 ', String(t.returned_points), ' 积分')] : null,
          h('dt', '上次同步'), h('dd', sync),
          h('dt', '村委会已收到'), h('dd', String(k.held), ' 笔',
            k.waiting > 0 ? h('span.badge.warn', '还有 ' + k.waiting + ' 笔没传来') : null),
          h('dt', '记录链'), h('dd', k.chain_ok ? h('span.badge.ok', '对得上') : h('span.badge.red', '对不上，见上面')),
          h('dt', '日结'), h('dd', k.closes.length
            ? k.closes.map((c) => h('span.badge' + (c.agrees ? '.ok' : '.red'), c.number + ' ' + c.at.slice(11)))
            : h('span.muted', '今天还没做'))),
        h('p', h('a', { href: '#/reconcile?kiosk=' + encodeURIComponent(k.kiosk) }, '对账 →')));
    })));
  },
});
