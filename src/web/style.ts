/** The whole stylesheet: small enough to inline, so a page is one request. */
export const STYLE = `
:root { color-scheme: light dark; --fg:#1f2328; --muted:#59636e; --bg:#fff; --card:#f6f8fa; --line:#d1d9e0; --accent:#0b57d0; }
@media (prefers-color-scheme: dark) { :root { --fg:#e6edf3; --muted:#9198a1; --bg:#0d1117; --card:#151b23; --line:#3d444d; --accent:#78a9ff; } }
* { box-sizing: border-box; }
body { margin:0; font:16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color:var(--fg); background:var(--bg); }
a { color:var(--accent); }
header.site, main, footer.site { max-width:60rem; margin:0 auto; padding:0 1rem; }
header.site { display:flex; align-items:center; gap:1rem; padding-top:1rem; padding-bottom:.5rem; border-bottom:1px solid var(--line); }
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
@media (max-width: 480px) { .card { flex-direction:column; gap:.25rem; } .card .votes { text-align:left; } }
`;
