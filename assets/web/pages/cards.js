// 卡片: find a villager (by name, card number or QR serial), see their cards, issue a QR card or
// a replacement, revoke a card with a reason, and print a sheet of cards (one villager, their
// household or a grid) as the PDF `rc-office card-sheet` writes. The clerk and the secretary
// change; the auditor sees the same page without the buttons.
'use strict';
(() => {
  const { h } = RC;

  // A sheet of cards: POSTed (printing issues a QR card to whoever has none), saved as a file.
  async function downloadSheet(body) {
    const res = await fetch('/console/api/cards/sheet', {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': RC.state.csrf },
      body: JSON.stringify(body),
    });
    if (!res.ok) {
      const data = await res.json().catch(() => null);
      throw new RC.ApiError(res.status, (data && data.error) || ('出错了 (' + res.status + ')'), data);
    }
    const name = (/filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') || '') || [])[1] || 'cards.pdf';
    const url = URL.createObjectURL(await res.blob());
    const a = h('a', { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    return name;
  }

  async function printSheet(button, body, what) {
    const ok = await RC.confirm({
      title: '打印' + what + '的卡',
      body: [h('p', '将下载一份 PDF：A4 纸，每页 10 张卡，带裁切线。'),
        h('p', '还没有二维码卡的人会在这时发一张新卡；已有的卡照原样再印一次，旧卡照常能用。')],
      ok: '下载 PDF',
    });
    if (!ok) return;
    await RC.act(button, async () => {
      const name = await downloadSheet(body);
      RC.notice('已下载 ' + name + '，请用 A4 纸打印后沿裁切线剪开。', 'ok');
    });
  }

  function searchForm(q) {
    const input = h('input', { id: 'cards-q', name: 'q', type: 'search', value: q || '', maxlength: 120,
      placeholder: '姓名、卡号或二维码序号', autocomplete: 'off' });
    const form = h('form.row.cards-search', { role: 'search' },
      h('div', h('label', { for: 'cards-q' }, '找村民'), input),
      h('button', { type: 'submit', id: 'cards-find' }, '查找'));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const v = input.value.trim();
      if (!v) { RC.notice('请输入姓名、卡号或序号', 'warn'); input.focus(); return; }
      RC.go('cards?q=' + encodeURIComponent(v));
    });
    return form;
  }

  async function gridSheet() {
    if (!RC.canChange()) return null;
    const grids = (await RC.get('cards/grids')).grids;
    const select = h('select', { id: 'cards-grid' }, grids.map((g) => h('option', { value: g.id }, g.name)));
    const button = h('button.secondary', { type: 'button', id: 'cards-grid-sheet' }, '打印这个网格的卡');
    button.addEventListener('click', () => {
      const g = grids.find((x) => String(x.id) === select.value);
      printSheet(button, { grid: Number(select.value) }, g ? g.name : '网格');
    });
    return h('section.card',
      h('h2', '整个网格印卡'),
      h('div.row', h('div', h('label', { for: 'cards-grid' }, '网格'), select), button));
  }

  async function renderSearch(view, query) {
    const q = (query.get('q') || '').trim();
    view.append(h('h1', '卡片'),
      h('p.muted', '村民刷二维码卡、IC卡或身份证在服务站兑换。卡丢了先作废，再补办新卡。'),
      h('section.card', searchForm(q)));
    if (q) {
      const found = await RC.get('cards/find?q=' + encodeURIComponent(q));
      RC.append(view, [h('h2', '找到的村民'),
        RC.table([
          { label: '姓名', cell: (v) => h('a', { href: '#/cards/' + v.id }, v.name) },
          { label: '户', key: 'household' },
          { label: '网格', key: 'grid' },
          { label: '', cell: (v) => [v.matched_card ? h('span.badge.ok', '卡 ' + v.matched_card) : null,
            v.moved_away ? h('span.badge.grey', '已迁出') : null] },
          { label: '', cell: (v) => h('button.secondary', { type: 'button', onclick: () => RC.go('cards/' + v.id) }, '看卡片') },
        ], found.villagers, { class: 'stack', empty: '没有找到“' + q + '”。试试姓名里的一个字，或卡背面的卡号。' }),
        found.more ? h('p.muted', '只列出前 30 位，请输入更完整的姓名。') : null]);
    }
    const grid = await gridSheet();
    if (grid) view.append(grid);
  }

  // The ledger keeps a replacement's reason as rc-office writes it ("replaced by Q000123").
  function reasonText(reason) {
    const m = /^replaced by (\S+)$/.exec(reason || '');
    return m ? '补办新卡，换成 ' + m[1] : reason;
  }

  function statusCell(c) {
    if (!c.revoked) return h('span.badge.ok', '在用');
    return h('span.cards-revoked', h('span.badge.grey', '已作废'), ' ', c.revoked, h('br'), '原因：', reasonText(c.reason));
  }

  async function revoke(button, v, c) {
    RC.notice('');
    const reason = h('input', { id: 'cards-reason', maxlength: 60, placeholder: '例如：卡丢失、卡损坏、被人冒用' });
    const ok = await RC.confirm({
      title: '作废 ' + v.name + ' 的' + c.kind_zh + ' ' + c.uid,
      body: [h('p', '作废后，这张卡在各服务站同步以后就不能再用了，不能撤回。'),
        h('label', { for: 'cards-reason' }, '作废原因（必填）'), reason],
      ok: '作废这张卡',
      danger: true,
    });
    if (!ok) return null;
    if (!reason.value.trim()) {
      RC.notice('没有作废：请写明作废原因 (a reason is required)', 'error');
      return null;
    }
    return RC.act(button, async () => {
      await RC.post('cards/revoke', { card: c.uid, reason: reason.value.trim() });
      await RC.route();
      RC.notice('已作废 ' + c.uid + '。服务站下次同步后就不认这张卡了。', 'ok');
    });
  }

  async function issue(button, v) {
    const active = v.cards.filter((c) => c.kind === 'qr' && !c.revoked);
    const replace = active.length > 0;
    const ok = await RC.confirm({
      title: (replace ? '补办新卡：' : '发二维码卡：') + v.name,
      body: replace
        ? [h('p', '将给 ' + v.name + ' 发一张新的二维码卡。'),
          h('p.cards-warn', '旧卡 ' + active.map((c) => c.uid).join('、') + ' 会同时作废（原因：换新卡），以后不能再用。'),
          h('p', '发卡后请打印新卡交给本人。')]
        : [h('p', '将给 ' + v.name + ' 发一张二维码卡。'), h('p', '发卡后请打印这张卡交给本人。')],
      ok: replace ? '作废旧卡并发新卡' : '发卡',
      danger: replace,
    });
    if (!ok) return;
    await RC.act(button, async () => {
      const r = await RC.post('cards/issue', { villager: v.id, replace });
      await RC.route();
      RC.notice('已发卡 ' + r.uid + (r.revoked.length ? '，旧卡 ' + r.revoked.join('、') + ' 已作废' : '') +
        '。请点“打印这位村民的卡”。', 'ok');
    });
  }

  async function renderVillager(view, id) {
    const v = await RC.get('cards/villager/' + encodeURIComponent(id));
    const change = RC.canChange();
    const active = v.cards.filter((c) => c.kind === 'qr' && !c.revoked).length;
    view.append(
      h('p', h('a', { href: '#/cards' }, '← 找别的村民')),
      h('h1', v.name, ' 的卡片', v.moved_away ? h('span.badge.grey.cards-away', '已迁出') : null),
      h('p.muted', '户 ', v.household, ' · ', v.grid),
      RC.table([
        { label: '卡号', cell: (c) => h('strong', c.uid) },
        { label: '种类', key: 'kind_zh' },
        { label: '发卡时间', key: 'issued' },
        { label: '状态', cell: statusCell },
        change ? { label: '', cell: (c) => c.revoked ? null
          : h('button.danger', { type: 'button', class: 'cards-revoke', dataset: { uid: c.uid },
            onclick: (ev) => revoke(ev.currentTarget, v, c) }, '作废') } : null,
      ].filter(Boolean), v.cards, { class: 'stack', empty: v.name + ' 还没有卡。',
        rowClass: (c) => c.revoked ? 'cards-row-revoked' : null }));
    if (!change) {
      view.append(h('p.muted', '你的角色只能查看，不能发卡或作废。'));
      return;
    }
    const issueButton = h('button', { type: 'button', id: 'cards-issue', disabled: v.moved_away },
      active ? '补办新卡' : '发二维码卡');
    issueButton.addEventListener('click', () => issue(issueButton, v));
    const one = h('button.secondary', { type: 'button', id: 'cards-print-one', disabled: v.moved_away }, '打印这位村民的卡');
    one.addEventListener('click', () => printSheet(one, { villager: v.id }, v.name));
    const house = h('button.secondary', { type: 'button', id: 'cards-print-household' }, '打印全户的卡');
    house.addEventListener('click', () => printSheet(house, { household: v.household_code }, '这一户'));
    view.append(h('div.actions.cards-actions', issueButton, one, house));
    if (v.moved_away) view.append(h('p.muted', '已迁出的村民不再发新卡。'));
  }

  RC.page('cards', {
    title: '卡片',
    roles: ['secretary', 'clerk', 'auditor'],
    async render(view, args, query) {
      if (args[0]) return renderVillager(view, args[0]);
      return renderSearch(view, query);
    },
  });
})();
