// The office console's shell: sign-in, the page list by role, the hash router, and the helpers
// every page uses (RC.h to build elements with text only, RC.api with the CSRF token, dialogs
// to confirm, notices). Pages live in pages/*.js and register with RC.page(). No library, no
// build step: this file is served as written.
'use strict';

const RC = (() => {
  const state = { user: null, csrf: '', village: '' };
  const pages = {};
  const order = [];

  // ---- elements ---------------------------------------------------------------------------

  // h('tag.class1.class2', {attr: value, onclick: fn}, child, ...): children are nodes, strings
  // (always text, never HTML), numbers, arrays, or null/false (skipped).
  function h(spec, attrs, ...children) {
    const [tag, ...classes] = spec.split('.');
    const el = document.createElement(tag || 'div');
    if (classes.length) el.className = classes.join(' ');
    if (attrs && (typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs))) {
      children.unshift(attrs);
      attrs = null;
    }
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (k === 'class') el.className += (el.className ? ' ' : '') + v;
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k === 'value') el.value = v;
      else el.setAttribute(k, v === true ? '' : String(v));
    }
    append(el, children);
    return el;
  }
  function append(el, children) {
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return el;
  }
  const SVG = 'http://www.w3.org/2000/svg';
  // svg('rect', {x: 1, ...}): an SVG element (pages draw their charts with it).
  function svg(tag, attrs, ...children) {
    const el = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return el;
  }
  function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); return el; }

  // ---- the office --------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, message, body) { super(message); this.status = status; this.body = body; }
  }

  // api('GET', 'villagers?q=刘') or api('POST', 'council/post', {...}): JSON back; an ApiError
  // with the office's plain sentence otherwise. A lost session shows the sign-in form.
  async function api(method, path, body) {
    const opts = { method, headers: {}, credentials: 'same-origin' };
    if (method !== 'GET') {
      opts.headers['Content-Type'] = 'application/json';
      opts.headers['X-CSRF-Token'] = state.csrf;
      opts.body = JSON.stringify(body || {});
    }
    let res;
    try {
      res = await fetch('/console/api/' + path, opts);
    } catch (e) {
      throw new ApiError(0, '连不上村委会的电脑，请检查网络后再试 (the office cannot be reached)');
    }
    let data = null;
    try { data = await res.json(); } catch (e) { data = null; }
    if (res.status === 401 && data && data.signed_out) {
      state.user = null;
      showLogin('登录已过期，请重新登录 (your session ended; please sign in again)');
      throw new ApiError(401, data.error, data);
    }
    if (!res.ok) throw new ApiError(res.status, (data && data.error) || ('出错了 (' + res.status + ')'), data);
    return data;
  }
  const get = (path) => api('GET', path);
  const post = (path, body) => api('POST', path, body);

  // ---- notices and dialogs -----------------------------------------------------------------

  function notice(message, kind) {
    const n = document.getElementById('notice');
    clear(n);
    if (!message) { n.className = 'notice'; return; }
    n.className = 'notice show ' + (kind || 'ok');
    n.append(h('span', message), h('button.link', { onclick: () => notice('') , 'aria-label': '关闭' }, '×'));
    n.scrollIntoView({ block: 'nearest' });
  }

  // confirm({title, body: [nodes], ok: '确认过账', danger: true}) → Promise<boolean>
  function confirm(opts) {
    return new Promise((resolve) => {
      const back = document.getElementById('dialog');
      const done = (v) => { back.hidden = true; clear(back); resolve(v); };
      clear(back);
      back.append(h('div.dialog', { role: 'dialog', 'aria-modal': 'true' },
        h('h2', opts.title || '请确认'),
        h('div.dialog-body', opts.body || []),
        h('div.actions',
          h('button.secondary', { type: 'button', onclick: () => done(false) }, opts.cancel || '取消'),
          h('button' + (opts.danger ? '.danger' : ''), { type: 'button', onclick: () => done(true) }, opts.ok || '确认'))));
      back.hidden = false;
      back.querySelector('.actions button:last-child').focus();
    });
  }

  // Runs an async action from a button: disabled while it runs, the office's answer shown.
  async function act(button, fn) {
    if (button) button.disabled = true;
    try {
      return await fn();
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 401)) notice(e.message, 'error');
      return undefined;
    } finally {
      if (button) button.disabled = false;
    }
  }

  // ---- formatting --------------------------------------------------------------------------

  const signed = (n) => (n > 0 ? '+' + n : String(n));
  const yuan = (fen) => (fen / 100).toFixed(2);
  function thisMonth() {
    const d = new Date(Date.now() + 8 * 3600e3);  // China Standard Time
    return d.toISOString().slice(0, 7);
  }
  function today() {
    return new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
  }
  // "2026-12" → "2026年12月".
  const monthZh = (ym) => ym.slice(0, 4) + '年' + Number(ym.slice(5)) + '月';
  // A month picker in Chinese ("2026年12月"; the browser's own <input type=month> speaks the
  // machine's locale): `latest` first, back two years or to `earliest`, with `value` chosen.
  function monthPicker(id, value, latest, onchange, earliest) {
    const months = [];
    let [y, m] = latest.split('-').map(Number);
    for (let i = 0; i < 24; i++) {
      const ym = y + '-' + String(m).padStart(2, '0');
      if (earliest && ym < earliest) break;
      months.push(ym);
      if (--m === 0) { m = 12; y--; }
    }
    if (!months.includes(value)) months.push(value);
    const select = h('select', { id }, months.map((ym) => h('option', { value: ym, selected: ym === value ? true : null }, monthZh(ym))));
    select.addEventListener('change', () => onchange(select.value));
    return select;
  }
  // A table: columns [{label, key | cell(row) → node/text, class}], rows.
  function table(columns, rows, opts) {
    opts = opts || {};
    if (!rows.length) return h('p.muted', opts.empty || '没有记录。');
    return h('div.table-wrap', h('table' + (opts.class ? '.' + opts.class : ''),
      h('thead', h('tr', columns.map((c) => h('th', { class: c.class }, c.label)))),
      h('tbody', rows.map((r) => h('tr', { class: opts.rowClass ? opts.rowClass(r) : null },
        columns.map((c) => h('td', { class: c.class, 'data-label': c.label }, c.cell ? c.cell(r) : r[c.key])))))));
  }

  // ---- pages and routing -------------------------------------------------------------------

  // page('today', {title: '今日', roles: ['secretary', ...], nav: true, render: async (main, args, query) => {}})
  function page(name, def) {
    pages[name] = Object.assign({ nav: true, roles: ['secretary', 'clerk', 'collector', 'auditor'] }, def);
    order.push(name);
  }
  const can = (def) => state.user && def.roles.includes(state.user.role);
  const canChange = () => state.user && state.user.role !== 'auditor';

  function homePage() {
    return state.user && state.user.role === 'collector' ? 'gridlog' : 'today';
  }

  function go(hash) {
    if (location.hash === '#/' + hash) route(); else location.hash = '#/' + hash;
  }

  function parseHash() {
    const raw = decodeURIComponent(location.hash.replace(/^#\/?/, ''));
    const [path, q] = raw.split('?');
    const parts = path.split('/').filter(Boolean);
    const query = new URLSearchParams(q || '');
    return { name: parts[0] || homePage(), args: parts.slice(1), query };
  }

  function drawNav(current) {
    const nav = clear(document.getElementById('nav'));
    for (const name of order) {
      const def = pages[name];
      if (!def.nav || !can(def)) continue;
      nav.append(h('a', { href: '#/' + name, class: name === current ? 'current' : null,
        'aria-current': name === current ? 'page' : null }, def.title));
    }
  }

  let routing = 0;
  async function route() {
    if (!state.user) return;
    const { name, args, query } = parseHash();
    const def = pages[name];
    const main = clear(document.getElementById('main'));
    drawNav(def && def.navAs ? def.navAs : name);
    notice('');
    if (!def || !can(def)) {
      main.append(h('h1', '没有这个页面'), h('p', '这一页不存在，或者你的角色看不到它。'),
        h('p', h('a', { href: '#/' + homePage() }, '回到首页')));
      return;
    }
    document.title = def.title + ' · 红色信用 · 村委会';
    const mine = ++routing;
    main.append(h('p.muted.loading', '正在读取…'));
    try {
      const view = h('div.view');
      await def.render(view, args, query);
      if (mine !== routing) return;
      clear(main).append(view);
    } catch (e) {
      if (mine !== routing) return;
      if (e instanceof ApiError && e.status === 401) return;
      clear(main).append(h('h1', def.title), h('p.error-text', e.message),
        h('button', { onclick: () => route() }, '再试一次'));
    }
  }

  // ---- sign-in -----------------------------------------------------------------------------

  function drawWho() {
    const who = clear(document.getElementById('who'));
    if (!state.user) return;
    const u = state.user;
    who.append(h('span.user', u.name, ' · ', u.role_zh, u.grid ? ' · ' + u.grid : ''),
      h('button.link.signout', { onclick: signOut }, '退出'));
    document.getElementById('village').textContent = state.village || '红色信用';
  }

  function showLogin(message) {
    clear(document.getElementById('nav'));
    clear(document.getElementById('who'));
    const main = clear(document.getElementById('main'));
    const err = h('p.error-text', { role: 'alert' }, message || '');
    const name = h('input', { id: 'login-name', name: 'name', autocomplete: 'username', required: true, maxlength: 32 });
    const pass = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true, maxlength: 128 });
    const button = h('button', { type: 'submit', id: 'login-submit' }, '登录');
    const form = h('form.login', { method: 'post', action: '/console/login' },
      h('h1', '村委会控制台'),
      h('p.muted', '书记、文书、信息员和审计用自己的账户登录。'),
      h('label', { for: 'login-name' }, '用户名'), name,
      h('label', { for: 'login-password' }, '密码'), pass,
      err, button);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      button.disabled = true;
      err.textContent = '';
      try {
        const res = await fetch('/console/login', { method: 'POST', credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ name: name.value.trim(), password: pass.value }) });
        const data = await res.json().catch(() => ({}));
        if (!res.ok) { err.textContent = data.error || '登录失败'; pass.value = ''; pass.focus(); return; }
        pass.value = '';
        await loadSession();
        if (!location.hash || location.hash === '#/') location.hash = '#/' + homePage(); else route();
      } catch (e) {
        err.textContent = '连不上村委会的电脑，请检查网络后再试';
      } finally {
        button.disabled = false;
      }
    });
    main.append(form);
    name.focus();
  }

  async function loadSession() {
    const res = await fetch('/console/api/session', { credentials: 'same-origin' });
    if (!res.ok) return false;
    const data = await res.json();
    state.user = data.user;
    state.csrf = data.csrf;
    state.village = data.village;
    drawWho();
    return true;
  }

  async function signOut() {
    await fetch('/console/logout', { method: 'POST', credentials: 'same-origin',
      headers: { 'X-CSRF-Token': state.csrf } }).catch(() => null);
    state.user = null;
    state.csrf = '';
    location.hash = '';
    showLogin('已退出。');
  }

  async function start() {
    window.addEventListener('hashchange', route);
    document.getElementById('dialog').addEventListener('keydown', (e) => {
      if (e.key === 'Escape') document.querySelector('#dialog .actions button')?.click();
    });
    let signedIn = false;
    try { signedIn = await loadSession(); } catch (e) { signedIn = false; }
    if (!signedIn) return showLogin('');
    route();
  }

  return { state, h, svg, clear, append, api, get, post, ApiError, notice, confirm, act,
    signed, yuan, thisMonth, today, monthZh, monthPicker, table, page, go, route, can, canChange, start };
})();
