// 季度奖励: the red credit fund (红色信用基金) — its balance and movements — and a quarter's
// rewards by credit level, previewed against the fund and paid once (the same db::Fund as
// `rc-office rewards --quarter Q --apply`). The secretary pays and deposits; the clerk and the
// auditor read.
'use strict';
(() => {
  const { h } = RC;

  // 1234567 fen → "12,345.67"
  const money = (fen) => (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const yuan = (fen) => money(fen) + ' 元';
  // A large village's list is cut here: a phone stays quick, and the totals above count everyone.
  const kPayeesShown = 1000;
  const isSecretary = () => RC.state.user && RC.state.user.role === 'secretary';

  function levelTable(plan) {
    const rows = plan.levels.map((l) => Object.assign({ total: false }, l));
    rows.push({ name: '合计', min_score: null, points_each: null, villagers: plan.villagers,
      points: plan.points, fen: plan.fen, total: true });
    return RC.table([
      { label: '等级', cell: (l) => l.total ? h('strong', l.name) : l.name },
      { label: '分数线', cell: (l) => l.total ? '' : '≥ ' + l.min_score, class: 'num' },
      { label: '每人积分', cell: (l) => l.total ? '' : String(l.points_each), class: 'num' },
      { label: '人数', cell: (l) => String(l.villagers), class: 'num' },
      { label: '积分', cell: (l) => String(l.points), class: 'num' },
      { label: '基金支出', cell: (l) => yuan(l.fen), class: 'num' },
    ], rows, { class: 'stack levels', rowClass: (l) => (l.total ? 'total' : null) });
  }

  // What the secretary may do with this quarter: one sentence, and at most one button.
  function verdict(plan, fund) {
    if (plan.paid_at) {
      const p = plan.paid || plan;
      return h('div.card.reward-verdict.paid', { id: 'reward-verdict' },
        h('p.figure.small', h('span.badge.ok', '已发放'), ' ', plan.quarter_zh + '的奖励已在 ' + plan.paid_at + ' 发放'),
        h('p', '发给 ' + p.villagers + ' 位村民共 ' + p.points + ' 积分，基金支出 ' + yuan(p.fen) + '。'),
        h('p.muted', '每个季度只发一次，不能再发。'));
    }
    if (!plan.covered) {
      return h('div.card.reward-verdict.short', { id: 'reward-verdict' },
        h('p.figure.small', '基金不够发这个季度的奖励'),
        h('p', '基金现有 ' + yuan(plan.balance_fen) + '，' + plan.quarter_zh + '的奖励需要 ' +
          yuan(plan.fen) + '，还差 ' + yuan(plan.short_fen) + '。'),
        h('p', isSecretary() ? '请先在下面“存入资金”，再回来发放。现在什么也不能发。'
          : '请书记先向基金存入资金。现在什么也不能发。'));
    }
    if (plan.villagers === 0) {
      return h('div.card.reward-verdict', { id: 'reward-verdict' },
        h('p.figure.small', '这个季度没有人达到奖励等级'),
        h('p.muted', '没有要发的奖励。'));
    }
    const after = plan.balance_fen - plan.fen;
    const lines = [
      h('p.figure.small', '发放后基金余额 ' + yuan(after)),
      h('p', '给 ' + plan.villagers + ' 位村民共 ' + plan.points + ' 积分，从基金支出 ' + yuan(plan.fen) + '。'),
    ];
    if (!plan.finished) {
      lines.push(h('p.reward-running', '注意：这个季度还没结束，分数只算到 ' + plan.scores_as_of +
        '。一般等季度结束后再发。'));
    }
    if (isSecretary()) {
      const button = h('button', { type: 'button', id: 'reward-pay' }, '发放' + plan.quarter_zh + '奖励');
      button.addEventListener('click', () => pay(button, plan, fund));
      lines.push(h('div.actions', button));
    } else {
      lines.push(h('p.muted', '奖励由书记确认发放。'));
    }
    return h('div.card.reward-verdict.ready', { id: 'reward-verdict' }, lines);
  }

  async function pay(button, plan) {
    const ok = await RC.confirm({
      title: '发放' + plan.quarter_zh + '奖励？',
      body: [
        h('p', '给 ' + plan.villagers + ' 位村民发放共 ' + plan.points + ' 积分（记入可兑换积分，不改变信用分）。'),
        h('p', '从红色信用基金支出 ' + yuan(plan.fen) + '，基金余额从 ' + yuan(plan.balance_fen) +
          ' 变为 ' + yuan(plan.balance_fen - plan.fen) + '。'),
        h('p', h('strong', '每个季度只发一次，发放后不能撤回。')),
      ],
      ok: '确认发放',
    });
    if (!ok) return;
    await RC.act(button, async () => {
      const r = await RC.post('rewards/pay', { quarter: plan.quarter, villagers: plan.villagers,
        points: plan.points, fen: plan.fen });
      await RC.route();
      RC.notice('已发放' + plan.quarter_zh + '奖励：' + r.villagers + ' 位村民，' + r.points +
        ' 积分；基金余额 ' + yuan(r.balance_fen) + '。', 'ok');
    });
  }

  function depositForm(fund) {
    const amount = h('input', { id: 'deposit-amount', inputmode: 'decimal', autocomplete: 'off',
      maxlength: 20, placeholder: '例如 50000' });
    const note = h('input', { id: 'deposit-note', maxlength: 200, autocomplete: 'off',
      placeholder: '例如 镇财政拨款' });
    const button = h('button', { type: 'submit', id: 'deposit-submit' }, '存入');
    const form = h('form.card.deposit', { id: 'deposit-form' },
      h('h2', '存入资金'),
      h('div.row',
        h('div', h('label', { for: 'deposit-amount' }, '金额（元）'), amount),
        h('div.note', h('label', { for: 'deposit-note' }, '钱从哪里来'), note),
        button));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const text = amount.value.trim();
      if (!/^\d+(\.\d{1,2})?$/.test(text) || Number(text) <= 0) {
        RC.notice('金额请写元，例如 50000 或 1234.50 (write the amount in yuan)', 'error');
        amount.focus();
        return;
      }
      if (!note.value.trim()) {
        RC.notice('请写上钱从哪里来 (a note is needed)', 'error');
        note.focus();
        return;
      }
      const fen = Math.round(Number(text) * 100);
      const ok = await RC.confirm({
        title: '向基金存入 ' + yuan(fen) + '？',
        body: [h('p', '说明：' + note.value.trim()),
          h('p', '存入后基金余额 ' + yuan(fund.balance_fen + fen) + '。存入会记在基金收支和操作日志里。')],
        ok: '确认存入',
      });
      if (!ok) return;
      await RC.act(button, async () => {
        const r = await RC.post('fund/deposit', { amount: text, note: note.value.trim() });
        await RC.route();
        RC.notice('已存入 ' + yuan(r.amount_fen) + '；基金余额 ' + yuan(r.balance_fen) + '。', 'ok');
      });
    });
    return form;
  }

  RC.page('rewards', {
    title: '季度奖励',
    roles: ['secretary', 'clerk', 'auditor'],
    async render(view, args) {
      const fund = await RC.get('fund');
      const quarter = args[0] || fund.default_quarter;
      const plan = await RC.get('rewards?quarter=' + encodeURIComponent(quarter));

      const select = h('select', { id: 'reward-quarter' },
        fund.quarters.map((q) => h('option', { value: q.quarter, selected: q.quarter === plan.quarter },
          q.quarter_zh + (q.paid ? '（已发放）' : q.finished ? '' : '（进行中）'))));
      if (!fund.quarters.some((q) => q.quarter === plan.quarter)) {
        select.prepend(h('option', { value: plan.quarter, selected: true }, plan.quarter_zh));
      }
      select.addEventListener('change', () => RC.go('rewards/' + select.value));

      const payees = plan.payees;
      view.append(
        h('h1', '季度奖励'),
        h('div.cards.fund-cards',
          h('div.card', h('div.muted', '红色信用基金余额'), h('div.figure', { id: 'fund-balance' }, yuan(fund.balance_fen))),
          h('div.card', h('label', { for: 'reward-quarter' }, '看哪个季度'), select,
            h('p.muted', '分数算到 ' + plan.scores_as_of + '；每 1 积分由基金支出 ' + yuan(plan.fen_per_point) + '。'))),
        verdict(plan, fund),
        h('h2', plan.quarter_zh + '：按等级' + (plan.paid_at ? '（按 ' + plan.scores_as_of + ' 的分数核算）' : '')),
        levelTable(plan),
        h('details.payees', { open: payees.length <= 30 ? true : null },
          h('summary', (plan.paid_at ? '已发放名单' : '发放名单') + '（' + payees.length + ' 人）'),
          RC.table([
            { label: '姓名', key: 'name' },
            { label: '信用分', cell: (p) => String(p.score), class: 'num' },
            { label: '等级', key: 'level' },
            { label: '积分', cell: (p) => '+' + p.points, class: 'num' },
          ], payees.slice(0, kPayeesShown), { class: 'stack', empty: '没有人达到奖励等级。' }),
          payees.length > kPayeesShown
            ? h('p.muted', '只列出分数最高的 ' + kPayeesShown + ' 人，其余 ' + (payees.length - kPayeesShown) + ' 人没有列出。')
            : null),
        isSecretary() ? depositForm(fund) : null,
        h('h2', '基金收支'),
        RC.table([
          { label: '时间', key: 'at' },
          { label: '类型', key: 'kind_zh' },
          { label: '金额（元）', cell: (m) => h('span.' + (m.amount_fen >= 0 ? 'up' : 'down'),
            (m.amount_fen >= 0 ? '+' : '−') + money(Math.abs(m.amount_fen))), class: 'num' },
          { label: '说明', cell: (m) => m.note + (m.quarter ? '（' + m.quarter + '）' : '') },
        ], fund.movements, { class: 'stack', empty: '基金还没有收支。' }));
    },
  });
})();
