import { createHash } from 'node:crypto';

/** The stylesheet, served as /static/style.<hash>.css and cached for a year. */
const STYLE = `
:root { color-scheme: light dark; --fg:#1f2328; --muted:#59636e; --bg:#fff; --card:#f6f8fa; --line:#d1d9e0; --accent:#0b57d0; }
@media (prefers-color-scheme: dark) { :root { --fg:#e6edf3; --muted:#9198a1; --bg:#0d1117; --card:#151b23; --line:#3d444d; --accent:#78a9ff; } }
* { box-sizing: border-box; }
body { margin:0; font:16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color:var(--fg); background:var(--bg); }
a { color:var(--accent); }
header.site, main, footer.site { max-width:60rem; margin:0 auto; padding:0 1rem; }
header.site { display:flex; flex-wrap:wrap; align-items:center; gap:.5rem 1rem; padding-top:1rem; padding-bottom:.5rem; border-bottom:1px solid var(--line); }
header.site .brand { font-weight:700; font-size:1.25rem; text-decoration:none; color:var(--fg); }
h1 { font-size:1.5rem; margin:1.25rem 0 .5rem; }
nav.period { display:flex; flex-wrap:wrap; gap:.75rem; align-items:center; margin:.5rem 0 1rem; color:var(--muted); }
ol.cards { list-style:none; padding:0; margin:0; display:grid; gap:.75rem; }
.card { background:var(--card); border:1px solid var(--line); border-radius:.5rem; padding:.75rem 1rem; display:flex; gap:1rem; }
.card .votes { min-width:3rem; text-align:center; font-weight:700; }
.card .votes small { display:block; font-weight:400; color:var(--muted); }
.card h2 { font-size:1.1rem; margin:0 0 .25rem; }
.card h2 a { color:var(--fg); text-decoration:none; } .card h2 a:hover { text-decoration:underline; }
.card p { margin:.25rem 0; color:var(--muted); overflow-wrap:anywhere; }
.meta { color:var(--muted); font-size:.9rem; }
.empty { padding:2rem 0; color:var(--muted); }
article.paper .abstract { overflow-wrap:anywhere; }
ul.links { display:flex; flex-wrap:wrap; gap:1rem; list-style:none; padding:0; }
dl.facts { display:grid; grid-template-columns:max-content 1fr; gap:.25rem 1rem; } dl.facts dt { color:var(--muted); }
footer.site { color:var(--muted); font-size:.85rem; padding:2rem 1rem; }
.skip { position:absolute; left:-999px; } .skip:focus { left:1rem; top:.5rem; background:var(--bg); padding:.25rem .5rem; z-index:1; }
nav.main { display:flex; flex-wrap:wrap; gap:.75rem; } nav.main a { text-decoration:none; } nav.main a[aria-current] { font-weight:700; text-decoration:underline; }
.banner { background:var(--card); border-bottom:1px solid var(--line); text-align:center; padding:.4rem 1rem; font-size:.9rem; }
nav.tabs { display:flex; flex-wrap:wrap; gap:.25rem; margin:.75rem 0; } nav.tabs a { white-space:nowrap; padding:.25rem .75rem; border:1px solid var(--line); border-radius:1rem; text-decoration:none; }
nav.tabs a[aria-current] { background:var(--accent); color:var(--bg); border-color:var(--accent); }
a:focus-visible, button:focus-visible { outline:3px solid var(--accent); outline-offset:2px; }
pre.bibtex { background:var(--card); border:1px solid var(--line); padding:.75rem; overflow-x:auto; font-size:.85rem; }
button { font:inherit; padding:.25rem .75rem; border:1px solid var(--line); border-radius:.375rem; background:var(--card); color:var(--fg); cursor:pointer; }
.feeds { font-size:.85rem; color:var(--muted); }
table.endpoints { border-collapse:collapse; width:100%; table-layout:fixed; } table.endpoints td { overflow-wrap:anywhere; } table.endpoints td, table.endpoints th { border-bottom:1px solid var(--line); padding:.35rem; text-align:left; vertical-align:top; }
code { overflow-wrap:anywhere; }
nav.account { margin-left:auto; display:flex; flex-wrap:wrap; gap:.75rem; align-items:center; }
form.inline { display:inline; margin:0; }
form.stack { display:grid; gap:.5rem; max-width:28rem; } form.stack label { display:grid; gap:.2rem; } form.stack label.check, label.check { display:flex; gap:.5rem; align-items:center; }
.narrow { width:5rem; }
input, textarea, select { font:inherit; padding:.35rem .5rem; border:1px solid var(--line); border-radius:.375rem; background:var(--bg); color:var(--fg); max-width:100%; }
textarea { width:100%; min-height:5rem; }
.error { color:#b42318; } @media (prefers-color-scheme: dark) { .error { color:#ff8b80; } }
.notice { background:var(--card); border-left:4px solid var(--accent); padding:.5rem .75rem; }
.comments ol { list-style:none; padding-left:1rem; border-left:2px solid var(--line); }
.comment { margin:.75rem 0; } .comment .meta { font-size:.85rem; } .comment-body { overflow-wrap:anywhere; }
.upvote button[aria-pressed="true"], button[data-toggle][aria-pressed="true"] { background:var(--accent); color:var(--bg); border-color:var(--accent); }
.card .votes button { display:flex; flex-direction:column; align-items:center; min-width:3rem; min-height:2.75rem; font-weight:700; padding:.25rem .5rem; }
.card .votes a { display:block; text-decoration:none; color:var(--fg); font-weight:700; min-height:2.75rem; }
.card-body { flex:1; min-width:0; }
.actions { display:flex; flex-wrap:wrap; gap:.5rem 1rem; align-items:center; margin-top:.35rem; font-size:.9rem; }
.actions button { padding:.15rem .6rem; min-height:2rem; }
.reason { font-size:.9rem; color:var(--muted); margin:.25rem 0; }
.note { border-left:3px solid var(--accent); padding-left:.5rem; color:var(--fg) !important; }
ol.items { list-style:none; padding:0; display:grid; gap:.75rem; } ol.items li { background:var(--card); border:1px solid var(--line); border-radius:.5rem; padding:.75rem 1rem; }
ol.items .controls { display:flex; flex-wrap:wrap; gap:.5rem; align-items:end; margin-top:.5rem; } ol.items .controls form { margin:0; display:flex; gap:.25rem; align-items:end; flex-wrap:wrap; }
ul.collections { list-style:none; padding:0; display:grid; gap:.5rem; } ul.collections li { border-bottom:1px solid var(--line); padding:.5rem 0; }
.report td, .report th { padding:.25rem .5rem; border-bottom:1px solid var(--line); text-align:left; vertical-align:top; } table.report { border-collapse:collapse; width:100%; }
table.admin { border-collapse:collapse; width:100%; } table.admin td, table.admin th { border-bottom:1px solid var(--line); padding:.35rem; text-align:left; } table.admin code { white-space:nowrap; }
form.search { display:flex; gap:.25rem; order:3; flex:1 1 100%; min-width:0; } form.search input { flex:1; min-width:0; }
mark { background:#fff3b0; color:var(--fg); padding:0 .1em; border-radius:.15em; } @media (prefers-color-scheme: dark) { mark { background:#5c4a00; } }
details.filters { margin:.5rem 0 1rem; } form.filters { display:flex; flex-wrap:wrap; gap:.5rem 1rem; align-items:end; } form.filters label { display:grid; gap:.2rem; font-size:.9rem; }
section.related ol { padding-left:1.25rem; } section.related li { margin:.25rem 0; }
fieldset { border:1px solid var(--line); border-radius:.375rem; } fieldset label.check { display:inline-flex; margin-right:1rem; }
.card .byline { color:var(--fg); font-size:.9rem; margin:0 0 .25rem; }
.card .summary { color:var(--fg); }
img.thumb { border:1px solid var(--line); border-radius:.25rem; background:#fff; object-fit:cover; object-position:top; flex:none; }
img.thumb-card { width:90px; height:116px; }
article.paper img.thumb-page { float:right; width:160px; height:207px; margin:0 0 1rem 1rem; }
.paper-actions { display:flex; flex-wrap:wrap; gap:.5rem 1rem; align-items:center; margin:.5rem 0 1rem; }
.paper-actions .votes button { display:flex; gap:.35rem; align-items:center; min-height:2.25rem; font-weight:700; } .paper-actions .votes a { font-weight:700; text-decoration:none; } .paper-actions .votes small { margin-left:.35rem; font-weight:400; } .paper-actions .actions { margin:0; }
.summary-box { overflow:hidden; background:var(--card); border:1px solid var(--line); border-left:4px solid var(--accent); border-radius:.375rem; padding:.5rem .75rem; margin:1rem 0; } .summary-box h2 { font-size:1rem; margin:0 0 .25rem; } .summary-box p { margin:.25rem 0; }
mark.kw { background:transparent; color:inherit; border-bottom:2px solid var(--accent); border-radius:0; padding:0; }
.keywords { margin:.5rem 0; }
.comment-actions { display:flex; flex-wrap:wrap; gap:.25rem 1rem; align-items:flex-start; font-size:.9rem; } .comment-actions details { display:contents; } .comment-actions details[open] { display:block; flex-basis:100%; order:2; }
.comment-actions summary { cursor:pointer; color:var(--accent); } button.link { border:none; background:none; color:var(--accent); padding:0; text-decoration:underline; min-height:auto; }
.progress { margin:0; color:var(--muted); } .progress:empty { display:none; }
@media (max-width: 480px) { .card .summary { display:-webkit-box; -webkit-line-clamp:4; line-clamp:4; -webkit-box-orient:vertical; overflow:hidden; } .card { gap:.5rem; padding:.6rem .6rem .6rem .4rem; } .card .votes, .card .votes button { min-width:2.5rem; padding-left:.25rem; padding-right:.25rem; } .card img.thumb-card { display:none; } .card h2 { font-size:1rem; } article.paper img.thumb-page { width:96px; height:124px; } nav.account { margin-left:0; } }
`;

/** Progressive enhancement only: every page works without it. */
const SCRIPT = `
document.addEventListener('click', async (event) => {
  const button = event.target.closest('[data-copy]');
  if (!button) return;
  const source = document.getElementById(button.dataset.copy);
  try {
    await navigator.clipboard.writeText(source.textContent);
    button.textContent = 'Copied';
  } catch {
    window.getSelection().selectAllChildren(source);
    button.textContent = 'Press Ctrl+C to copy';
  }
});
document.querySelectorAll('[data-copy]').forEach((b) => { b.hidden = false; });
// "Not interested" takes the card away at once; without the script the form reloads the list without it.
document.addEventListener('click', async (event) => {
  const button = event.target.closest('button[data-dismiss]');
  if (!button || !button.form) return;
  event.preventDefault();
  const response = await fetch('/api' + button.getAttribute('formaction'), { method: 'POST', headers: { 'x-csrf-token': button.form.elements._csrf.value, 'content-type': 'application/json' }, body: '{"dismissed": true}' }).catch(() => null);
  if (!response || !response.ok) { button.form.requestSubmit(button); return; }
  const card = button.closest('li.card');
  if (card) card.remove();
});
// A slow form (a submission asks arXiv) says at once that it is working, and cannot be sent twice.
document.addEventListener('submit', (event) => {
  const form = event.target.closest('form[data-progress]');
  if (!form) return;
  if (form.dataset.sent) { event.preventDefault(); return; }
  form.dataset.sent = '1';
  const status = form.querySelector('.progress');
  if (status) status.textContent = form.dataset.progress;
  const button = form.querySelector('button[type=submit]');
  if (button) { button.setAttribute('aria-disabled', 'true'); button.textContent = 'Submitting…'; }
  form.setAttribute('aria-busy', 'true');
});
window.addEventListener('pageshow', () => document.querySelectorAll('form[data-sent]').forEach((f) => { delete f.dataset.sent; f.removeAttribute('aria-busy'); }));
// Upvote and save without a reload. Each toggle is a button that posts the page's marks form to
// its own address (formaction) with its field as its name and value: that works without this script.
document.addEventListener('click', async (event) => {
  const button = event.target.closest('button[data-toggle]');
  if (!button || !button.form) return;
  event.preventDefault();
  if (button.dataset.busy) return;
  button.dataset.busy = '1';
  const field = button.dataset.toggle;
  const want = button.value === '1';
  let state;
  try {
    const response = await fetch('/api' + button.getAttribute('formaction'), { method: 'POST', headers: { 'x-csrf-token': button.form.elements._csrf.value, 'content-type': 'application/json' }, body: JSON.stringify({ [field]: want }) });
    if (!response.ok) throw new Error(String(response.status));
    state = await response.json();
  } catch {
    // The plain form shows what went wrong (signed out, too many votes) as a page.
    button.form.requestSubmit(button);
    return;
  } finally {
    delete button.dataset.busy;
  }
  const on = Boolean(state[field]);
  button.value = on ? '0' : '1';
  button.setAttribute('aria-pressed', String(on));
  const label = button.querySelector('.label');
  if (label && button.dataset.on) label.textContent = on ? button.dataset.on : button.dataset.off;
  const count = button.querySelector('.count');
  if (count && state.upvotes !== undefined) count.textContent = state.upvotes;
});
`;

export interface Asset {
  path: string;
  body: string;
  contentType: string;
}

function asset(name: string, extension: string, body: string, contentType: string): Asset {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
  return { path: `/static/${name}.${hash}.${extension}`, body, contentType };
}

/** Content-hashed names: a new release gets new URLs, so browsers may cache these forever. */
export const ASSETS = {
  css: asset('style', 'css', STYLE, 'text/css; charset=utf-8'),
  js: asset('app', 'js', SCRIPT, 'text/javascript; charset=utf-8'),
};
