// The Supervision dashboard: the tree from GET status, kept live by the Server-Sent Events of GET events.
// Plain DOM code, no framework and no build step; every value reaches the page through textContent.
'use strict';

(() => {
  const types = new Map();          // type name -> { name, group, count, instances: Map(number -> instance), view }
  const maxEvents = 100;
  let refreshRunning = false;
  let refreshAgain = false;

  const $ = (id) => document.getElementById(id);

  function element(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function showMessage(text) {
    const m = $('message');
    m.textContent = text || '';
    m.hidden = !text;
  }

  // ---- model --------------------------------------------------------------------------------------------------------

  function typeOf(name, group) {
    let t = types.get(name);
    if (!t) {
      t = { name, group: group || null, count: 0, instances: new Map(), view: null };
      types.set(name, t);
    }
    return t;
  }

  function instanceOf(type, number) {
    const t = typeOf(type);
    let i = t.instances.get(number);
    if (!i) {
      i = { type, instance: number, name: `${type}.${number}`, state: 'Pending', pid: null, restarts: 0,
            uptimeBase: null, uptimeSince: 0, lastExit: null, output: [], view: null };
      t.instances.set(number, i);
    }
    return i;
  }

  function setUptime(i, seconds) {
    i.uptimeBase = seconds;
    i.uptimeSince = performance.now();
  }

  // A status answer is a fresh snapshot; the event stream stays the authority on states it has already reported.
  function applyStatus(status, keepStates) {
    $('tree-state').textContent = status.state;
    const seen = new Set();
    for (const t of status.processTypes) {
      const type = typeOf(t.name, t.group);
      type.count = t.count;
      seen.add(t.name);
      const numbers = new Set();
      for (const s of t.instances) {
        numbers.add(s.instance);
        const known = type.instances.has(s.instance);
        const i = instanceOf(t.name, s.instance);
        if (!keepStates || !known) {
          i.state = s.state;
          i.restarts = s.restarts;
          i.lastExit = s.lastExit || null;
        }
        i.pid = s.pid ?? null;
        i.output = s.recentOutput || [];
        setUptime(i, s.uptimeSeconds ?? null);
      }
      for (const [n, i] of type.instances) {
        if (!numbers.has(n)) { i.view?.row.remove(); i.view?.outputRow.remove(); type.instances.delete(n); }
      }
    }
    for (const [name, t] of types) {
      if (!seen.has(name)) { t.view?.section.remove(); types.delete(name); }
    }
    render();
  }

  function applyEvent(e) {
    logEvent(e);
    if (e.kind === 'GaveUp') { $('tree-state').textContent = 'Fatal'; return; }
    if (e.kind === 'Missed') { refreshStatus(); return; }
    if (!e.type) return;
    const i = instanceOf(e.type, e.instance);
    i.restarts = e.restarts;
    switch (e.kind) {
      case 'Snapshot':
        i.state = e.state;
        if (e.exit) i.lastExit = e.exit;
        if (e.state !== 'Running') setUptime(i, null);
        break;
      case 'Started':
        i.state = e.state || 'Running';   // Starting until its readiness probe passes, when it has one
        setUptime(i, i.state === 'Running' ? 0 : null);
        refreshStatus();          // for the new pid, or a new instance's type count
        break;
      case 'Ready':
        i.state = 'Running';
        refreshStatus();          // for the uptime, counted from the start
        break;
      case 'Exited':
        i.lastExit = e.exit;
        i.state = e.exit.reason === 'Completed' ? 'Exited' : e.exit.reason === 'Stopped' ? 'Stopped' : 'Failed';
        setUptime(i, null);
        i.pid = null;
        if (e.recentOutput) { i.output = e.recentOutput; i.showOutput = true; }
        if (e.exit.reason === 'Failed' || e.exit.reason === 'StartFailed') flash(i);
        break;
      case 'Backoff':
        i.state = 'Backoff';
        break;
      case 'Stopping':
        i.state = 'Stopping';
        break;
      case 'Stopped':
        i.state = 'Stopped';
        if (e.exit) i.lastExit = e.exit;
        setUptime(i, null);
        i.pid = null;
        refreshStatus();          // a scale-down from elsewhere: the row goes once the status no longer has it
        break;
    }
    render();
  }

  // ---- view ---------------------------------------------------------------------------------------------------------

  function formatUptime(i) {
    if (i.uptimeBase === null) return '';
    let s = Math.floor(i.uptimeBase + (performance.now() - i.uptimeSince) / 1000);
    const h = Math.floor(s / 3600); s -= h * 3600;
    const m = Math.floor(s / 60); s -= m * 60;
    return h > 0 ? `${h}h ${m}m ${s}s` : m > 0 ? `${m}m ${s}s` : `${s}s`;
  }

  function typeView(t) {
    if (t.view) return t.view;
    const section = element('section', 'type');
    section.dataset.type = t.name;
    const head = element('div', 'type-head');
    head.append(element('h2', null, t.name));
    const group = element('span', 'group');
    head.append(group);
    const count = element('span', 'count');
    head.append(count);
    const tools = element('span', 'tools');
    const input = element('input', 'scale-count');
    input.type = 'number';
    input.min = '0';
    input.setAttribute('aria-label', `instances of ${t.name}`);
    const scale = element('button', 'scale', 'Scale');
    scale.addEventListener('click', () => scaleType(t.name, input.value));
    const restart = element('button', 'restart-type', 'Restart all');
    restart.addEventListener('click', () => restartType(t.name));
    tools.append(input, scale, restart);
    head.append(tools);
    const table = element('table');
    const header = element('tr');
    for (const h of ['Instance', 'State', 'PID', 'Restarts', 'Uptime', 'Last exit', '']) header.append(element('th', null, h));
    const tbody = element('tbody');
    table.append(element('thead'), tbody);
    table.tHead.append(header);
    section.append(head, table);
    $('types').append(section);
    input.value = String(t.count);
    t.view = { section, group, count, input, tbody };
    return t.view;
  }

  function instanceView(t, i) {
    if (i.view) return i.view;
    const row = element('tr');
    row.dataset.instance = i.name;
    const cells = {};
    for (const c of ['name', 'state', 'pid', 'restarts', 'uptime', 'exit']) {
      cells[c] = element('td', c);
      row.append(cells[c]);
    }
    const actions = element('td', 'actions');
    const restart = element('button', 'restart-instance', 'Restart');
    restart.addEventListener('click', () => restartInstance(i.type, i.instance));
    const signal = element('button', 'signal-instance', 'Signal');
    signal.addEventListener('click', () => signalInstance(i.type, i.instance));
    actions.append(restart, signal);
    row.append(actions);
    // The instance's recent output, in a row of its own under it: folded until asked for, or until a crash.
    const outputRow = element('tr', 'output');
    outputRow.dataset.output = i.name;
    const cell = element('td');
    cell.colSpan = 7;
    const details = element('details');
    const summary = element('summary');
    const lines = element('pre', 'lines');
    details.append(summary, lines);
    details.addEventListener('toggle', () => { if (details.open) refreshStatus(); });
    cell.append(details);
    outputRow.append(cell);
    // Rows stay in instance order whatever order their events arrive in.
    const after = [...t.tbody.querySelectorAll('tr[data-instance]')].find((r) => Number(r.dataset.instance.split('.').pop()) > i.instance);
    t.tbody.insertBefore(row, after || null);
    t.tbody.insertBefore(outputRow, after || null);
    i.view = { row, cells, signal, outputRow, details, summary, lines, shown: null };
    return i.view;
  }

  function render() {
    for (const t of types.values()) {
      const tv = typeView(t);
      tv.group.textContent = t.group ? `group ${t.group}` : '';
      tv.count.textContent = `${t.count} wanted`;
      if (document.activeElement !== tv.input) tv.input.value = String(t.count);
      for (const i of t.instances.values()) {
        const v = instanceView(tv, i);
        v.cells.name.textContent = i.name;
        v.cells.state.textContent = i.state;
        v.cells.state.className = `state state-${i.state}`;
        v.cells.pid.textContent = i.pid ?? '';
        v.cells.restarts.textContent = String(i.restarts);
        v.cells.uptime.textContent = formatUptime(i);
        v.cells.exit.textContent = i.lastExit ? i.lastExit.summary : '';
        v.cells.state.title = i.state === 'Starting' ? 'started, not ready yet' : '';
        v.signal.hidden = i.pid === null;     // only a child process that runs has a process group to signal
        renderOutput(i, v);
      }
    }
  }

  function renderOutput(i, v) {
    v.outputRow.hidden = i.output.length === 0;
    if (i.showOutput) { v.details.open = true; i.showOutput = false; }
    if (v.shown === i.output || sameLines(v.shown, i.output)) return;   // a refetch of the same lines keeps a selection
    v.shown = i.output;
    v.summary.textContent = `Recent output (${i.output.length} ${i.output.length === 1 ? 'line' : 'lines'})`;
    const lines = i.output.map((l) => {
      const line = element('span', l.isError ? 'stderr' : null, l.text);
      line.title = new Date(l.timestamp).toLocaleTimeString();
      return line;
    });
    v.lines.replaceChildren(...lines.flatMap((line) => [line, '\n']));
  }

  function sameLines(a, b) {
    if (!a || a.length !== b.length) return false;
    const x = a[a.length - 1], y = b[b.length - 1];
    return !x || (x.timestamp === y.timestamp && x.text === y.text && a[0].timestamp === b[0].timestamp);
  }

  function tick() {
    for (const t of types.values()) {
      for (const i of t.instances.values()) {
        if (i.view) i.view.cells.uptime.textContent = formatUptime(i);
      }
    }
  }

  function flash(i) {
    if (!i.view) return;
    i.view.row.classList.remove('crashed');
    void i.view.row.offsetWidth;       // restarts the animation
    i.view.row.classList.add('crashed');
  }

  function logEvent(e) {
    if (e.kind === 'Snapshot') return;
    const time = new Date(e.timestamp).toLocaleTimeString();
    let text = `${time} ${e.source || '(root)'} ${e.kind}`;
    if (e.exit) text += ` ${e.exit.summary}`;
    if (e.delaySeconds !== undefined) text += ` ${e.delaySeconds.toFixed(2)}s`;
    if (e.kind === 'Missed') text += ` ${e.missed} events`;
    const item = element('li', e.exit && (e.exit.reason === 'Failed' || e.exit.reason === 'StartFailed') ? 'failure' : null, text);
    const list = $('events');
    list.prepend(item);
    while (list.children.length > maxEvents) list.lastChild.remove();
  }

  // ---- server -------------------------------------------------------------------------------------------------------

  // One status request at a time; one asked for meanwhile runs after it, since the change may postdate its answer.
  async function refreshStatus() {
    if (refreshRunning) { refreshAgain = true; return; }
    refreshRunning = true;
    try {
      do {
        refreshAgain = false;
        const response = await fetch('status', { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
        if (response.ok) applyStatus(await response.json(), true);
      } while (refreshAgain);
    } catch {
      // The event stream reports the connection; the next event asks again.
    } finally {
      refreshRunning = false;
    }
  }

  // The X-Supervision header is what the server requires of an action: a cross-site form cannot send it.
  async function act(path, question, body) {
    if (!window.confirm(question)) return;
    showMessage('');
    const init = { method: 'POST', credentials: 'same-origin', headers: { 'X-Supervision': '1', Accept: 'application/json' } };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    try {
      const response = await fetch(path, init);
      const answer = await response.json().catch(() => null);
      if (!response.ok) {
        showMessage(`${question.replace(/\?$/, '')}: ${answer?.error ?? response.status + ' ' + response.statusText}`);
        return;
      }
      applyStatus(answer, true);
    } catch (error) {
      showMessage(`${question.replace(/\?$/, '')}: ${error}`);
    }
  }

  const encode = encodeURIComponent;
  const restartInstance = (type, n) => act(`types/${encode(type)}/instances/${n}/restart`, `Restart ${type}.${n}?`);
  const restartType = (type) => act(`types/${encode(type)}/restart`, `Restart every instance of ${type}, one at a time?`);
  function signalInstance(type, n) {
    const signal = window.prompt(`Signal to send to ${type}.${n} (HUP, USR1, TERM, INT, a number…)`, 'HUP');
    if (!signal) return;
    act(`types/${encode(type)}/instances/${n}/signal`, `Send ${signal} to ${type}.${n}?`, { signal });
  }

  function scaleType(type, value) {
    const count = Number(value);
    if (!Number.isInteger(count) || count < 0) { showMessage(`Scale ${type}: a number of instances, 0 or more`); return; }
    act(`types/${encode(type)}/scale`, `Scale ${type} to ${count}?`, { count });
  }

  function connect() {
    const connection = $('connection');
    const source = new EventSource('events');
    source.onopen = () => { connection.textContent = 'live'; connection.className = 'connection live'; };
    // EventSource reconnects by itself; the snapshot that opens every stream puts the page right again.
    source.onerror = () => { connection.textContent = 'reconnecting'; connection.className = 'connection connecting'; };
    source.onmessage = (message) => applyEvent(JSON.parse(message.data));
  }

  async function start() {
    try {
      const response = await fetch('status', { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
      if (!response.ok) { showMessage(`status: ${response.status} ${response.statusText}`); return; }
      applyStatus(await response.json(), false);
    } catch (error) {
      showMessage(`status: ${error}`);
    }
    connect();
    setInterval(tick, 1000);    // only redraws uptimes from the local clock; nothing is fetched
    // Lines come without events: while an output block is open, its lines are fetched again every few seconds.
    setInterval(() => { if (anyOutputOpen()) refreshStatus(); }, 2000);
  }

  function anyOutputOpen() {
    for (const t of types.values()) {
      for (const i of t.instances.values()) {
        if (i.view?.details.open && !i.view.outputRow.hidden) return true;
      }
    }
    return false;
  }

  start();
})();
