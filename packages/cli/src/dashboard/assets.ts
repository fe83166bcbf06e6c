/** The page's only stylesheet, inlined (no fonts or files are fetched). */
export const STYLE = `
:root { --ink: #1f2937; --muted: #6b7280; --line: #e5e7eb; --s0: #2563eb; --s1: #16a34a; --s2: #f59e0b; --bad: #dc2626; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "PingFang SC", sans-serif; color: var(--ink); background: #f8fafc; }
header, section { max-width: 1100px; margin: 0 auto; padding: 12px 20px; }
header h1 { margin: 16px 0 4px; font-size: 22px; }
.meta { color: var(--muted); margin: 0; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; margin-top: 16px; }
h2 { font-size: 17px; margin: 4px 0 10px; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; padding: 0; margin: 12px 0 0; list-style: none; }
.cards li { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 8px 14px; min-width: 150px; }
.cards b { display: block; font-size: 20px; }
.cards small { color: var(--muted); }
.chart { margin: 0; overflow-x: auto; }
.chart svg { max-width: 100%; height: auto; }
.grid { stroke: var(--line); }
.tick, .label, .value { font-size: 11px; fill: var(--muted); }
.bar.s0, .swatch.s0 { fill: var(--s0); background: var(--s0); }
.bar.s1, .swatch.s1 { fill: var(--s1); background: var(--s1); }
.bar.s2, .swatch.s2 { fill: var(--s2); background: var(--s2); }
.line { fill: none; stroke-width: 2; }
.line.s0 { stroke: var(--s0); } .point.s0 { fill: var(--s0); }
.legend span { margin-right: 14px; color: var(--muted); }
.swatch { display: inline-block; width: 10px; height: 10px; margin-right: 4px; border-radius: 2px; }
.pair { display: flex; flex-wrap: wrap; gap: 16px; }
.pair > div { flex: 1 1 420px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; color: var(--muted); }
td.n, th.n { text-align: right; }
.level-approaching { color: var(--s2); } .level-overdue, .level-yellowCard, .level-redCard { color: var(--bad); font-weight: 600; }
#case-filter { width: 100%; padding: 8px 10px; font-size: 15px; border: 1px solid var(--line); border-radius: 6px; }
#case-list { list-style: none; padding: 0; margin: 10px 0 0; }
#case-list > li { border-bottom: 1px solid var(--line); padding: 6px 0; }
#case-list summary { cursor: pointer; }
#case-list summary span { margin-right: 12px; }
.trail { margin: 8px 0 8px 18px; font-size: 13px; }
.hash { font-family: ui-monospace, monospace; color: var(--muted); }
.empty { color: var(--muted); }
#case-list > li.highlight { background: #fef9c3; }
.tag { background: #fde047; border-radius: 4px; padding: 0 6px; font-size: 12px; }
.ids { color: var(--muted); font-size: 12px; margin: 6px 0 0 18px; }
#case-pages { margin-top: 10px; display: flex; gap: 12px; align-items: center; }
#case-pages button { padding: 4px 12px; font: inherit; border: 1px solid var(--line); border-radius: 6px; background: #fff; cursor: pointer; }
#case-pages button:disabled { color: var(--muted); cursor: default; }
.demo-case { margin: 8px 0 0; }
`;

/**
 * The page's only script: filters the case list as one types (names in Chinese included), shows it
 * a page at a time, and opens the case a `#case-N` link points at on the page that holds it. It
 * reads data from the DOM (never from strings it evaluates).
 */
export const SCRIPT = `
(function () {
  var box = document.getElementById('case-filter');
  var count = document.getElementById('case-count');
  var list = document.getElementById('case-list');
  var prev = document.getElementById('page-prev');
  var next = document.getElementById('page-next');
  var pageOf = document.getElementById('page-of');
  var size = Number(list.getAttribute('data-page-size')) || 25;
  var items = Array.prototype.slice.call(document.querySelectorAll('#case-list > li'));
  var matches = items;
  var page = 0;
  function pages() { return Math.max(1, Math.ceil(matches.length / size)); }
  function show() {
    page = Math.min(Math.max(page, 0), pages() - 1);
    var from = page * size;
    items.forEach(function (li) { li.hidden = true; });
    matches.slice(from, from + size).forEach(function (li) { li.hidden = false; });
    count.textContent = matches.length + ' / ' + items.length;
    pageOf.textContent = '第 ' + (page + 1) + ' / ' + pages() + ' 页 page';
    prev.disabled = page === 0;
    next.disabled = page >= pages() - 1;
  }
  function filter() {
    var q = box.value.trim().toLowerCase();
    matches = q === '' ? items : items.filter(function (li) { return li.getAttribute('data-search').indexOf(q) >= 0; });
    page = 0;
    show();
  }
  function openLinked() {
    var li = location.hash ? document.getElementById(location.hash.slice(1)) : null;
    if (!li || li.parentNode !== list) return;
    if (matches.indexOf(li) < 0) { box.value = ''; matches = items; }
    page = Math.floor(matches.indexOf(li) / size);
    show();
    li.querySelector('details').open = true;
    li.scrollIntoView();
  }
  box.addEventListener('input', filter);
  prev.addEventListener('click', function () { page--; show(); });
  next.addEventListener('click', function () { page++; show(); });
  window.addEventListener('hashchange', openLinked);
  filter();
  openLinked();
})();
`;
