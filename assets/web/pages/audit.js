// 账户与日志: who may sign in, and every change made through the console (who, when, what).
// For the secretary and the auditor; users are added with `rc-office user add`.
'use strict';
RC.page('audit', {
  title: '账户与日志',
  roles: ['secretary', 'auditor'],
  async render(view) {
    const { h } = RC;
    const [users, audit] = await Promise.all([RC.get('users'), RC.get('audit')]);
    view.append(h('h1', '账户与日志'),
      h('h2', '能登录控制台的人'),
      RC.table([
        { label: '姓名', key: 'name' },
        { label: '角色', cell: (u) => u.role_zh + (u.grid ? ' · ' + u.grid : '') },
        { label: '状态', cell: (u) => u.disabled ? h('span.badge.grey', '已停用')
          : u.locked_until ? h('span.badge.warn', '锁定到 ' + u.locked_until) : h('span.badge.ok', '正常') },
      ], users.users, { class: 'stack', empty: '还没有账户。' }),
      h('p.muted', '添加或停用账户：在村委会电脑上运行 rc-office user add / user disable。'),
      h('h2', '操作日志（最近 100 条）'),
      RC.table([
        { label: '时间', key: 'at' },
        { label: '谁', key: 'user' },
        { label: '做了什么', key: 'action' },
        { label: '详情', key: 'detail' },
      ], audit.rows, { class: 'stack', empty: '还没有操作记录。' }));
  },
});
