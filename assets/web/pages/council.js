// 议事会: the month's pending grid logs as the council's batch — previewed with each villager's
// score before and after, then posted as one batch (all lines or none) with the approvers and
// the minutes; the month's batches, a batch's lines, and a batch's reversal with a reason.
// The secretary changes; the clerk and the auditor read.
'use strict';
(() => {
  const { h } = RC;
  const pointsText = (n) => (n > 0 ? '+' + n : n < 0 ? '−' + (-n) : '0');
  const isSecretary = () => RC.state.user && RC.state.user.role === 'secretary';
  function previousMonth() {
    const [y, m] = RC.thisMonth().split('-').map(Number);
    return m === 1 ? (y - 1) + '-12' : y + '-' + String(m - 1).padStart(2, '0');
  }

  function batchState(b) {
    return b.reversed_at ? h('span', h('span.badge.grey', '已撤销'), h('span.muted', ' ' + b.reversed_at + ' · ' + b.reversal_reason))
      : h('span.badge.ok', '有效');
  }

  // Draws the page again with the office's answer on top (routing clears the notice).
  async function redraw(message) {
    await RC.route();
    RC.notice(message, 'ok');
  }

  async function reverse(b) {
    const reason = h('textarea', { id: 'co-reverse-reason', rows: 2, maxlength: 50, placeholder: '例如：议事会复议，决定撤回' });
    const ok = await RC.confirm({
      title: '撤销批次 ' + b.id + '？',
      body: [h('p', b.month + ' 议事会 · ' + b.lines + ' 条 · 批准人 ' + b.approvers),
        h('p', '账本会为每一条写一条冲销记录，这些村民的信用分和积分回到过账之前；原记录不删除。它来自的网格日志回到“待议”。'),
        h('label', { for: 'co-reverse-reason' }, '撤销理由（必填）'), reason],
      ok: '撤销这个批次', danger: true,
    });
    if (!ok) return false;
    if (!reason.value.trim()) { RC.notice('撤销要写理由 (a reason is required)', 'warn'); return false; }
    await RC.post('council/batches/' + b.id + '/reverse', { reason: reason.value });
    await redraw('批次 ' + b.id + ' 已撤销：账本写了冲销记录，信用分已恢复。');
    return true;
  }

  async function renderBatch(view, id) {
    const res = await RC.get('council/batches/' + encodeURIComponent(id));
    const b = res.batch;
    const actions = h('div.actions');
    if (isSecretary() && !b.reversed_at) {
      const button = h('button.danger', { type: 'button', id: 'co-reverse' }, '撤销这个批次…');
      button.addEventListener('click', () => RC.act(button, () => reverse(b)));
      actions.append(button);
    }
    view.append(h('p', h('a', { href: '#/council?month=' + b.month }, '← 回到 ' + b.month + ' 议事会')),
      h('h1', '议事批次 ' + b.id, ' ', batchState(b)),
      h('div.cards.co-info',
        h('div.card', h('div.muted', '月份'), h('div.figure.small', b.month)),
        h('div.card', h('div.muted', '条数 · 来源'), h('div.figure.small', b.lines + ' 条 · ' + b.source_zh)),
        h('div.card', h('div.muted', '批准人'), h('div.figure.small', b.approvers)),
        h('div.card', h('div.muted', '会议记录 · 过账时间'), h('div.figure.small', b.minutes), h('div.muted', b.posted_at))),
      actions,
      h('h2', '这一批的每一条'),
      RC.table([
        { label: '行', key: 'line' },
        { label: '村民', cell: (e) => h('span', h('strong', e.name), h('span.muted', ' 编号 ' + e.villager_id)) },
        { label: '类别', key: 'kind_zh' },
        { label: '内容', key: 'detail', class: 'co-detail' },
        { label: '信用分', cell: (e) => h('strong' + (e.score > 0 ? '.up' : '.down'), pointsText(e.score)) },
        { label: '积分', cell: (e) => pointsText(e.points) },
        { label: '状态', cell: (e) => e.voided_by ? h('span.badge.grey', '已冲销 #' + e.voided_by) : h('span.badge.ok', '有效') },
      ], res.entries, { class: 'stack', rowClass: (e) => (e.voided_by ? 'co-voided' : null) }));
  }

  function postForm(plan) {
    const approvers = h('input', { id: 'co-approvers', maxlength: 60, placeholder: '例如：刘书记、王主任、张委员', autocomplete: 'off' });
    const minutes = h('input', { id: 'co-minutes', maxlength: 60, placeholder: '例如：议事会〔2026〕11号', autocomplete: 'off' });
    const button = h('button', { type: 'button', id: 'co-post' }, '预览无误，过账这一批…');
    button.addEventListener('click', () => RC.act(button, async () => {
      if (!approvers.value.trim()) { RC.notice('请写批准人的名字 (approvers are required)', 'warn'); approvers.focus(); return; }
      if (!minutes.value.trim()) { RC.notice('请写会议记录编号 (the minutes reference is required)', 'warn'); minutes.focus(); return; }
      const ok = await RC.confirm({
        title: '过账 ' + plan.month + ' 议事会的决定？',
        body: [h('p', h('strong', plan.lines.length + ' 条'), '：加分 ' + plan.awards + ' 条，扣分 ' + plan.deductions + ' 条；信用分合计 ' +
            pointsText(plan.score_total) + '，积分合计 ' + pointsText(plan.points_total) + '。'),
          h('p', '批准人：' + approvers.value.trim()), h('p', '会议记录：' + minutes.value.trim()),
          h('p.muted', '过账后写进账本，日期记为 ' + plan.dated + '，村民的信用分马上改变；如有错，只能整批撤销。')],
        ok: '确认过账',
      });
      if (!ok) return;
      const res = await RC.post('council/post', { month: plan.month, approvers: approvers.value, minutes: minutes.value, hash: plan.hash });
      await redraw('已过账：批次 ' + res.batch.id + '，' + res.batch.lines + ' 条，村民的信用分已经改变。');
    }));
    return h('section.card.co-post', h('h2', '过账'),
      h('div.row', h('div', h('label', { for: 'co-approvers' }, '批准人（必填）'), approvers),
        h('div', h('label', { for: 'co-minutes' }, '会议记录编号（必填）'), minutes)),
      h('div.actions', button));
  }

  async function renderMonth(view, month) {
    const [plan, list] = await Promise.all([RC.get('council/plan?month=' + encodeURIComponent(month)),
      RC.get('council/batches?month=' + encodeURIComponent(month))]);
    const monthInput = RC.monthPicker('co-month', month, RC.thisMonth(), (m) => RC.go('council?month=' + m));
    const bad = plan.errors.filter((e) => e.log !== null);
    const whole = plan.errors.filter((e) => e.log === null && plan.pending > 0);
    RC.append(view, [h('h1', '议事会 · ' + RC.monthZh(month)),
      h('div.row.co-month', h('div', h('label', { for: 'co-month' }, '哪个月的议事会'), monthInput)),
      h('h2', '待议的网格日志'),
      plan.pending === 0 ? h('p.muted.co-empty', month + ' 没有待议的网格日志。信息员在“网格日志”里记录后，会出现在这里。') : [
        h('div.cards.co-totals',
          h('div.card', h('div.muted', '待议'), h('div.figure', plan.pending + ' 条')),
          h('div.card', h('div.muted', '加分 · 扣分'), h('div.figure', plan.awards + ' · ' + plan.deductions)),
          h('div.card', h('div.muted', '信用分合计'), h('div.figure', pointsText(plan.score_total))),
          h('div.card', h('div.muted', '积分合计'), h('div.figure', pointsText(plan.points_total)))),
        bad.length || whole.length ? h('div.card.co-errors', { id: 'co-errors' },
          h('h3', '有 ' + (bad.length + whole.length) + ' 处问题，整批不能过账。请先到“网格日志”作废或更正：'),
          h('ul', [...whole, ...bad].map((e) => h('li', e.name ? e.name + '：' : '', e.message)))) : null,
        RC.table([
          { label: '日志', key: 'log' },
          { label: '村民', cell: (l) => h('span', h('strong', l.name), h('span.muted', ' ' + l.grid)) },
          { label: '规则', cell: (l) => h('span', l.rule_title + ' ', h('strong' + (l.points > 0 ? '.up' : '.down'), pointsText(l.points))) },
          { label: '事由', key: 'evidence', class: 'co-detail' },
          { label: '记录人', key: 'collector' },
          { label: '信用分', cell: (l) => h('span.co-score', String(l.score_before), ' → ',
            h('strong' + (l.score_after > l.score_before ? '.up' : '.down'), String(l.score_after))) },
        ], plan.lines, { class: 'stack' }),
        isSecretary() && !plan.errors.length ? postForm(plan) : null,
      ],
      h('h2', month + ' 已过账的批次'),
      RC.table([
        { label: '批次', cell: (b) => h('a', { href: '#/council/batch/' + b.id }, '批次 ' + b.id) },
        { label: '条数', cell: (b) => b.lines + ' 条 · ' + b.source_zh },
        { label: '过账时间', key: 'posted_at' },
        { label: '批准人', key: 'approvers' },
        { label: '会议记录', key: 'minutes' },
        { label: '状态', cell: batchState },
        { label: '', cell: (b) => isSecretary() && !b.reversed_at
          ? h('button.danger.co-reverse', { type: 'button', onclick: (ev) => RC.act(ev.currentTarget, () => reverse(b)) }, '撤销…') : '' },
      ], list.batches, { class: 'stack', empty: '这个月还没有过账的批次。', rowClass: (b) => (b.reversed_at ? 'co-reversed' : null) })]);
  }

  RC.page('council', {
    title: '议事会',
    roles: ['secretary', 'clerk', 'auditor'],
    async render(view, args, query) {
      view.classList.add('co-page');
      if (args[0] === 'batch' && args[1]) return renderBatch(view, args[1]);
      return renderMonth(view, query.get('month') || previousMonth());
    },
  });
})();
