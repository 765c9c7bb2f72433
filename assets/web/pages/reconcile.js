// 对账: pick a day (and a kiosk); each kiosk's day close (日结) beside what the office holds,
// differences in red, agreement said calmly; the day's lines with what to do next; the day's
// or the month's transactions to download as CSV or XLSX (the files rc-office export writes).
'use strict';
RC.page('reconcile', {
  title: '对账',
  roles: ['secretary', 'clerk', 'auditor'],
  async render(view, args, query) {
    const { h } = RC;
    const day = query.get('day') || RC.today();
    const kiosk = query.get('kiosk') || '';
    const qs = 'day=' + encodeURIComponent(day) + (kiosk ? '&kiosk=' + encodeURIComponent(kiosk) : '');
    const data = await RC.get('reconcile?' + qs);
    const kioskName = (id) => (id === 'office' ? '村委会柜台' : '终端 ' + id);

    // ---- the choice ----
    const dayInput = h('input', { id: 'rec-day', type: 'date', value: day, max: data.today });
    const kioskSelect = h('select', { id: 'rec-kiosk' },
      h('option', { value: '' }, '全部终端'),
      data.all_kiosks.map((id) => h('option', { value: id, selected: id === kiosk }, kioskName(id))));
    const show = () => {
      const q = new URLSearchParams();
      if (dayInput.value) q.set('day', dayInput.value);
      if (kioskSelect.value) q.set('kiosk', kioskSelect.value);
      RC.go('reconcile?' + q.toString());
    };
    // The day before or after, in China time (the page's days are CST dates).
    const step = (n) => new Date(Date.parse(data.day + 'T00:00:00Z') + n * 86400e3).toISOString().slice(0, 10);
    const goDay = (d) => { dayInput.value = d; show(); };
    view.append(h('h1', '对账 · ' + data.day),
      h('form.row.rec-choice', { onsubmit: (e) => { e.preventDefault(); show(); } },
        h('div', h('label', { for: 'rec-day' }, '日期'), dayInput),
        h('div', h('label', { for: 'rec-kiosk' }, '终端'), kioskSelect),
        h('button', { type: 'submit' }, '查看')),
      h('div.rec-days',
        h('button.secondary', { type: 'button', id: 'rec-prev', onclick: () => goDay(step(-1)) }, '← 前一天'),
        data.day < data.today
          ? h('button.secondary', { type: 'button', id: 'rec-next', onclick: () => goDay(step(1)) }, '后一天 →') : null,
        data.day !== data.today
          ? h('button.secondary', { type: 'button', onclick: () => goDay(data.today) }, '回到今天') : null));

    // ---- the verdict ----
    if (!data.kiosks.length) {
      view.append(h('p.card.rec-verdict.ok', '这一天没有终端交易，也没有日结。'));
    } else if (data.agrees) {
      view.append(h('p.card.rec-verdict.ok', '✓ 全部对得上：每台终端的日结都和村委会的账本一致。'));
    } else {
      view.append(h('p.card.rec-verdict.bad', '✗ 有 ' + data.difference_count + ' 处对不上，红色的行要核对。'));
    }

    // ---- each kiosk ----
    const figures = [
      ['兑换笔数', 'redemptions'], ['兑换积分', 'redeemed_points'],
      ['预约笔数', 'bookings'], ['预约积分', 'booked_points'],
      ['冲销笔数', 'voids'], ['退回积分', 'returned_points'], ['交易合计', 'entries'],
    ];
    for (const k of data.kiosks) {
      const card = h('section.card.rec-kiosk' + (k.agrees ? '.ok' : '.bad'), { dataset: { kiosk: k.kiosk } },
        h('h2', kioskName(k.kiosk), ' ',
          k.agrees ? h('span.badge.ok', '对得上') : h('span.badge.red', '对不上')));
      // The office's own words are English; the common one in plain Chinese first.
      const plain = (d) => (/^no day close/.test(d) ? '这一天终端没有做日结 (' + d + ')' : d);
      const o = k.office_day;
      card.append(h('p.rec-office-day', '村委会收到这一天的：兑换 ' + o.redemptions + ' 笔（' + o.redeemed_points +
        ' 积分），预约 ' + o.bookings + ' 笔（' + o.booked_points + ' 积分），冲销 ' + o.voids + ' 笔。'));
      const differences = (list) => RC.table([{ label: '对不上的地方', cell: (d) => '✗ ' + plain(d) }],
        list, { rowClass: () => 'bad' });
      if (k.differences.length) RC.append(card, [differences(k.differences)]);
      for (const c of k.closes) {
        card.append(h('h3', '日结 ', c.number, ' · ', c.staff, ' · ', c.closed_at,
          h('span.muted', '（终端第 ' + c.first_seq + '–' + c.last_seq + ' 笔）')));
        const ks = c.kiosk_summary || {};
        const os = c.office_summary || {};
        RC.append(card, [RC.table([
          { label: '项目', key: 'label' },
          { label: '终端的日结', key: 'kiosk', class: 'num' },
          { label: '村委会的账本', key: 'office', class: 'num' },
          { label: '', cell: (r) => (r.same ? '✓' : '✗ 不一致') },
        ], figures.map(([label, key]) => ({ label, kiosk: ks[key] ?? '读不出', office: os[key] ?? '读不出',
          same: ks[key] === os[key] })), { rowClass: (r) => (r.same ? null : 'bad') })]);
        if (c.differences.length) RC.append(card, [differences(c.differences)]);
      }
      if (k.agrees) card.append(h('p.rec-calm', '日结的笔数、积分和记录链都和村委会一致。'));
      if (k.lines.length) {
        card.append(h('h3', '这一天记下的问题'),
          RC.table([
            { label: '时间', cell: (l) => l.at.slice(11) },
            { label: '问题', cell: (l) => h('strong', l.title) },
            { label: '详情', key: 'text' },
            { label: '下一步', key: 'next' },
          ], k.lines, { class: 'stack', rowClass: () => 'attention' }));
      }
      view.append(card);
    }

    // ---- downloads ----
    const month = data.day.slice(0, 7);
    const link = (period, value, format) => h('a.button.secondary.rec-download', {
      href: '/console/api/reconcile/export?' + period + '=' + encodeURIComponent(value) + '&format=' + format
        + (kiosk ? '&kiosk=' + encodeURIComponent(kiosk) : ''),
      download: '', dataset: { period, format },
    }, format.toUpperCase());
    view.append(h('section.card.rec-exports',
      h('h2', '导出明细'),
      h('p.muted', '每笔兑换、预约和冲销一行；Excel 文件还有合计和库存变动。' +
        (kiosk ? '只含' + kioskName(kiosk) + '。' : '含全部终端和村委会柜台。')),
      h('div.rec-export-row', h('span.rec-export-label', '这一天 ' + data.day),
        link('day', data.day, 'csv'), link('day', data.day, 'xlsx')),
      h('div.rec-export-row', h('span.rec-export-label', '这个月 ' + month),
        link('month', month, 'csv'), link('month', month, 'xlsx'))));
  },
});
