// 网格日志: a collector records a good deed or a violation of a villager in their own grid, with
// the evidence, for the month's council; below, the month's records of the grid. The secretary
// sees every grid; the clerk and the auditor read. Nothing here changes a score: the council does.
'use strict';
(() => {
  const { h } = RC;
  const pointsText = (n) => (n > 0 ? '+' + n : n < 0 ? '−' + (-n) : '0');

  const mayWrite = () => RC.state.user && ['secretary', 'collector'].includes(RC.state.user.role);

  function stateBadge(l) {
    if (l.state === 'pending') return h('span.badge.warn', '待议');
    if (l.state === 'posted') return h('span.badge.ok', '已过账' + (l.batch ? ' · 批次 ' + l.batch : ''));
    return h('span', h('span.badge.grey', '已作废'), l.drop_reason ? h('span.muted.gl-reason', ' ' + l.drop_reason) : null);
  }

  // The form: villager (search in the grid), rule (by category), evidence; preview, confirm.
  function recordForm(meta, onDone) {
    let picked = null;
    const search = h('input', { id: 'gl-search', type: 'search', placeholder: '输入姓名，例如 刘', autocomplete: 'off', maxlength: 20 });
    const results = h('div.gl-results', { id: 'gl-results' });
    const chosen = h('div.gl-chosen', { id: 'gl-chosen', hidden: true });
    const rule = h('select', { id: 'gl-rule' },
      h('option', { value: '' }, '— 请选择规则 —'),
      meta.rules.map((c) => h('optgroup', { label: c.category },
        c.rules.map((r) => h('option', { value: r.code }, r.title + '  ' + pointsText(r.points))))));
    const evidence = h('textarea', { id: 'gl-evidence', rows: 4, maxlength: 200,
      placeholder: '什么时间、在哪里、做了什么；谁看到了。可以写几行。' });
    const ruleByCode = {};
    meta.rules.forEach((c) => c.rules.forEach((r) => { ruleByCode[r.code] = r; }));

    function pick(v) {
      picked = v;
      RC.clear(results);
      RC.clear(chosen).append(h('span.gl-name', v.name), ' ',
        h('span.muted', v.grid + ' · 编号 ' + v.id + ' · 信用分 ' + v.score), ' ',
        h('button.link', { type: 'button', onclick: () => { picked = null; chosen.hidden = true; search.hidden = false; search.focus(); } }, '换一个'));
      chosen.hidden = false;
      search.hidden = true;
      search.value = '';
    }
    let timer = null;
    let asked = 0;
    search.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const q = search.value.trim();
        const mine = ++asked;
        if (!q) { RC.clear(results); return; }
        try {
          const res = await RC.get('gridlog/villagers?q=' + encodeURIComponent(q));
          if (mine !== asked) return;
          RC.clear(results);
          if (!res.villagers.length) results.append(h('p.muted', '没有找到“' + q + '”' + (meta.my_grid ? '（只找' + meta.my_grid + '）' : '') + '。'));
          res.villagers.forEach((v) => results.append(h('button.secondary.gl-pick', { type: 'button', onclick: () => pick(v) },
            v.name, h('span.muted', ' ' + v.grid + ' · ' + v.birth_year + '年生'))));
          if (res.more) results.append(h('p.muted', '还有更多，请多输入几个字。'));
        } catch (e) { RC.notice(e.message, 'error'); }
      }, 250);
    });

    const button = h('button', { type: 'button', id: 'gl-preview' }, '预览并记上');
    button.addEventListener('click', () => RC.act(button, async () => {
      if (!picked) { RC.notice('请先选村民 (pick a villager)', 'warn'); search.focus(); return; }
      const r = ruleByCode[rule.value];
      if (!r) { RC.notice('请选一条规则 (pick a rule)', 'warn'); rule.focus(); return; }
      if (!evidence.value.trim()) { RC.notice('请写事由：什么时间、在哪里、做了什么 (the evidence is required)', 'warn'); evidence.focus(); return; }
      const ok = await RC.confirm({
        title: '记这一条？',
        body: [
          h('p.gl-confirm-who', picked.name, h('span.muted', '（' + picked.grid + '，信用分 ' + picked.score + '）')),
          h('p', h('strong', r.title + ' ' + pointsText(r.points)), h('span.muted', '（' + r.category + '）')),
          h('p.gl-evidence-preview', evidence.value.trim()),
          h('p.muted', '记在 ' + meta.month + ' 的网格日志里，状态“待议”。信用分现在不变，等月度议事会决定后才过账。'),
        ],
        ok: '确认记上',
      });
      if (!ok) return;
      const res = await RC.post('gridlog/logs', { villager_id: picked.id, rule_code: r.code, evidence: evidence.value });
      RC.notice('已记上：' + res.log.name + ' · ' + r.title + ' ' + pointsText(r.points) + '（待议）', 'ok');
      picked = null;
      chosen.hidden = true;
      search.hidden = false;
      rule.value = '';
      evidence.value = '';
      await onDone();
    }));

    return h('section.card.gl-form', { id: 'gl-form' },
      h('h2', '记一条' + (meta.my_grid ? '（' + meta.my_grid + '）' : '')),
      h('label', { for: 'gl-search' }, '1. 村民' + (meta.my_grid ? '（只在' + meta.my_grid + '里找）' : '')),
      search, chosen, results,
      h('label', { for: 'gl-rule' }, '2. 按哪一条规则'), rule,
      h('label', { for: 'gl-evidence' }, '3. 事由（必填）'), evidence,
      h('div.actions', button));
  }

  async function drop(l, reload) {
    const reason = h('textarea', { id: 'gl-drop-reason', rows: 2, maxlength: 50, placeholder: '例如：重复记录、记错了人' });
    const ok = await RC.confirm({
      title: '作废这条记录？',
      body: [h('p', l.name + ' · ' + (l.rule_title || l.rule_code) + ' ' + pointsText(l.points)),
        h('p.muted', l.evidence),
        h('p', '作废后它不会交给议事会，也不能恢复；如需要，请重新记一条。'),
        h('label', { for: 'gl-drop-reason' }, '作废理由（必填）'), reason],
      ok: '作废', danger: true,
    });
    if (!ok) return;
    if (!reason.value.trim()) { RC.notice('作废要写理由 (a reason is required)', 'warn'); return; }
    await RC.post('gridlog/logs/' + l.id + '/drop', { reason: reason.value });
    RC.notice('已作废：' + l.name + ' · ' + (l.rule_title || l.rule_code), 'ok');
    await reload();
  }

  RC.page('gridlog', {
    title: '网格日志',
    async render(view, args, query) {
      view.classList.add('gl-page');
      const meta = await RC.get('gridlog/meta');
      const month = query.get('month') || meta.month;
      const grid = meta.my_grid ? '' : (query.get('grid') || '');
      const list = h('div', { id: 'gl-list' });
      const setQuery = (m, g) => RC.go('gridlog?month=' + encodeURIComponent(m) + (g ? '&grid=' + encodeURIComponent(g) : ''));

      async function reload() {
        const res = await RC.get('gridlog/logs?month=' + encodeURIComponent(month) + (grid ? '&grid=' + encodeURIComponent(grid) : ''));
        const c = res.counts;
        RC.clear(list).append(
          h('p.gl-counts', h('span.badge.warn', '待议 ' + c.pending), ' ', h('span.badge.ok', '已过账 ' + c.posted), ' ',
            h('span.badge.grey', '已作废 ' + c.dropped)),
          RC.table([
            { label: '村民', cell: (l) => h('span', h('strong', l.name), h('span.muted', ' ' + l.grid)) },
            { label: '规则', cell: (l) => h('span', (l.rule_title || l.rule_code) + ' ',
              h('strong' + (l.points > 0 ? '.up' : '.down'), pointsText(l.points))) },
            { label: '事由', class: 'gl-evidence', key: 'evidence' },
            { label: '记录人', cell: (l) => h('span', l.collector, h('span.muted', ' ' + l.created_at)) },
            { label: '状态', cell: stateBadge },
            { label: '', cell: (l) => l.state === 'pending' && mayWrite()
              ? h('button.danger.gl-drop', { type: 'button', onclick: (ev) => RC.act(ev.currentTarget, () => drop(l, reload)) }, '作废') : '' },
          ], res.logs, { class: 'stack', empty: '这个月还没有记录。',
            rowClass: (l) => (l.state === 'dropped' ? 'gl-dropped' : l.points < 0 ? 'gl-minus' : null) }));
      }

      const monthInput = RC.monthPicker('gl-month', month, meta.month, (m) => setQuery(m, grid));
      const filters = [h('div', h('label', { for: 'gl-month' }, '月份'), monthInput)];
      if (!meta.my_grid) {
        const gridSelect = h('select', { id: 'gl-grid' }, h('option', { value: '' }, '全部网格'),
          meta.grids.map((g) => h('option', { value: g, selected: g === grid ? true : null }, g)));
        gridSelect.addEventListener('change', () => setQuery(month, gridSelect.value));
        filters.push(h('div', h('label', { for: 'gl-grid' }, '网格'), gridSelect));
      }

      view.append(h('h1', '网格日志', h('span.muted.gl-sub', meta.my_grid ? ' · ' + meta.my_grid : ' · 全部网格')),
        h('div' + (mayWrite() ? '.gl-layout' : ''),
          mayWrite() ? recordForm(meta, reload) : h('p.muted', '你可以查看网格日志；记录由信息员和书记填写。'),
          h('section.gl-month',
            h('h2', { id: 'gl-list-title' }, (month === meta.month ? '本月' : RC.monthZh(month)) + '的记录' + (grid ? ' · ' + grid : '')),
            h('div.row.gl-filters', filters),
            list)));
      await reload();
    },
  });
})();
