import { safeLink } from '../domain/links.ts';
import { arxivAbsUrl, isLocalPaperId } from '../domain/arxiv-id.ts';
import { authorTotal, totalUpvotes, type Paper } from '../domain/paper.ts';
import { escapeHtml } from '../lib/html.ts';

/** An email ready for SMTP: both parts and the headers beyond From/To. */
export interface Email {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  /** Deterministic, so a digest re-sent after a crash carries the same Message-ID. */
  messageId?: string;
}

export interface DigestLinks {
  baseUrl: string;
  unsubscribeUrl: string;
  manageUrl: string;
  viewUrl: string;
}

export interface DigestContent {
  to: string;
  /** "Mar 17, 2026" or "Week 12 of 2026 (…)". */
  periodLabel: string;
  trending: Paper[];
  /** Papers of the period matching the subscriber's interests, not already in `trending`. */
  matches: Paper[];
  /** For a member: their top papers of the period, each with why. Shown first. */
  forYou?: Array<{ paper: Paper; reason: string }>;
  links: DigestLinks;
  messageId: string;
}

/** "A, B, C et al." — a digest line has room for three names. */
export function shortAuthors(paper: Paper): string {
  if (paper.authors.length === 0) return `${authorTotal(paper)} authors`;
  const names = paper.authors.slice(0, 3).map((a) => a.name).join(', ');
  return paper.authors.length > 3 ? `${names} et al.` : names;
}

/** The first sentence of the abstract, at most 200 characters. */
export function oneLine(abstract: string): string {
  const sentence = /^(.+?[.!?])(\s|$)/.exec(abstract)?.[1] ?? abstract;
  return sentence.length > 200 ? `${sentence.slice(0, 197).replace(/\s+\S*$/, '')}…` : sentence;
}

/** The paper's one-sentence summary when it has one, else the abstract's first sentence. */
function summaryOf(paper: Paper): string {
  return paper.aids?.summary || (paper.abstract ? oneLine(paper.abstract) : '');
}

function links(paper: Paper, baseUrl: string): Array<[string, string]> {
  const list: Array<[string, string]> = [['Paper', `${baseUrl}/papers/${paper.id}`]];
  if (!isLocalPaperId(paper.id)) list.push(['arXiv', arxivAbsUrl(paper.id)]);
  const code = safeLink(paper.githubRepo);
  if (code) list.push(['Code', code]);
  return list;
}

const STYLE = {
  body: 'margin:0;padding:0;background:#f6f8fa;',
  wrap: 'max-width:600px;margin:0 auto;padding:16px;font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#1f2328;',
  card: 'background:#ffffff;border:1px solid #d1d9e0;border-radius:8px;padding:12px 16px;margin:0 0 12px;',
  title: 'font-size:17px;line-height:1.35;margin:0 0 4px;',
  link: 'color:#0b57d0;text-decoration:none;',
  meta: 'font-size:13px;color:#59636e;margin:0 0 6px;',
  summary: 'font-size:14px;line-height:1.5;margin:0 0 6px;',
  h2: 'font-size:15px;margin:20px 0 8px;color:#59636e;text-transform:uppercase;letter-spacing:.04em;',
  footer: 'font-size:12px;color:#59636e;margin-top:24px;line-height:1.6;',
};

function paperHtml(paper: Paper, baseUrl: string, reason?: string): string {
  const meta = [shortAuthors(paper), paper.organization?.name, `${totalUpvotes(paper)} upvotes`].filter(Boolean).join(' · ');
  const anchors = links(paper, baseUrl).map(([label, href]) => `<a href="${escapeHtml(href)}" style="${STYLE.link}">${label}</a>`).join(' · ');
  return `<div style="${STYLE.card}"><h3 style="${STYLE.title}"><a href="${escapeHtml(`${baseUrl}/papers/${paper.id}`)}" style="${STYLE.link}">${escapeHtml(paper.title)}</a></h3>`
    + `<p style="${STYLE.meta}">${escapeHtml(meta)}</p>`
    + (reason ? `<p style="${STYLE.meta}">Why: ${escapeHtml(reason)}</p>` : '')
    + (summaryOf(paper) ? `<p style="${STYLE.summary}">${escapeHtml(summaryOf(paper))}</p>` : '')
    + `<p style="${STYLE.meta}">${anchors}</p></div>`;
}

function paperText(paper: Paper, index: number, baseUrl: string): string {
  const meta = [shortAuthors(paper), paper.organization?.name, `${totalUpvotes(paper)} upvotes`].filter(Boolean).join(' · ');
  return [`${index}. ${paper.title}`, `   ${meta}`, ...(summaryOf(paper) ? [`   ${summaryOf(paper)}`] : []), ...links(paper, baseUrl).map(([l, h]) => `   ${l}: ${h}`)].join('\n');
}

/** The digest: trending papers of the period, then the subscriber's matches; HTML and text. */
export function composeDigest(d: DigestContent): Email {
  const { baseUrl } = d.links;
  const subject = `Trending papers — ${d.periodLabel}`;
  const forYou = d.forYou ?? [];
  const preheader = forYou.length
    ? `${forYou.length} papers for you and ${d.trending.length} trending: ${forYou[0]!.paper.title}`
    : `${d.trending.length} trending papers${d.matches.length ? ` and ${d.matches.length} for your interests` : ''}: ${d.trending[0]?.title ?? ''}`;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(subject)}</title></head>`
    + `<body style="${STYLE.body}"><div style="display:none;max-height:0;overflow:hidden;">${escapeHtml(preheader)}</div><div style="${STYLE.wrap}">`
    + `<p style="${STYLE.meta}"><a href="${escapeHtml(d.links.viewUrl)}" style="${STYLE.link}">View in your browser</a></p>`
    + `<h1 style="font-size:22px;margin:0 0 12px;">${escapeHtml(subject)}</h1>`
    + (forYou.length ? `<h2 style="${STYLE.h2}">For you</h2>${forYou.map((r) => paperHtml(r.paper, baseUrl, r.reason)).join('')}<h2 style="${STYLE.h2}">Trending</h2>` : '')
    + d.trending.map((p) => paperHtml(p, baseUrl)).join('')
    + (d.matches.length ? `<h2 style="${STYLE.h2}">For your interests</h2>${d.matches.map((p) => paperHtml(p, baseUrl)).join('')}` : '')
    + `<p style="${STYLE.footer}">You get this because you subscribed to Paperboy at ${escapeHtml(baseUrl)}.<br>`
    + `<a href="${escapeHtml(d.links.manageUrl)}" style="${STYLE.link}">Change what you get</a> · <a href="${escapeHtml(d.links.unsubscribeUrl)}" style="${STYLE.link}">Unsubscribe</a></p>`
    + '</div></body></html>';
  const text = [
    subject, '',
    ...(forYou.length ? ['FOR YOU', '', ...forYou.map((r, i) => `${paperText(r.paper, i + 1, baseUrl)}\n   Why: ${r.reason}`).join('\n\n').split('\n'), '', 'TRENDING', ''] : []),
    ...d.trending.map((p, i) => paperText(p, i + 1, baseUrl)).join('\n\n').split('\n'),
    ...(d.matches.length ? ['', 'FOR YOUR INTERESTS', '', ...d.matches.map((p, i) => paperText(p, i + 1, baseUrl)).join('\n\n').split('\n')] : []),
    '', `View in your browser: ${d.links.viewUrl}`, `Change what you get: ${d.links.manageUrl}`, `Unsubscribe: ${d.links.unsubscribeUrl}`, '',
  ].join('\n');
  return {
    to: d.to, subject, text, html, messageId: d.messageId,
    // RFC 8058 one-click unsubscribe: mail providers POST "List-Unsubscribe=One-Click" to the URL.
    headers: { 'List-Unsubscribe': `<${d.links.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', 'List-Id': `Paperboy digest <digest.${new URL(baseUrl).hostname}>` },
  };
}

/** The double opt-in message: nothing else is sent to an address until its link is followed. */
export function composeConfirmation(to: string, confirmUrl: string, baseUrl: string): Email {
  const subject = 'Confirm your Paperboy subscription';
  const text = `Someone (hopefully you) asked for Paperboy's trending papers at ${to}.\n\nConfirm: ${confirmUrl}\n\nIf it was not you, ignore this message: nothing more will be sent.\n`;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${subject}</title></head><body style="${STYLE.body}"><div style="${STYLE.wrap}">`
    + `<p>Someone (hopefully you) asked for Paperboy's trending papers at ${escapeHtml(to)}.</p>`
    + `<p><a href="${escapeHtml(confirmUrl)}" style="${STYLE.link}">Confirm your subscription</a></p>`
    + `<p style="${STYLE.footer}">If it was not you, ignore this message: nothing more will be sent. ${escapeHtml(baseUrl)}</p></div></body></html>`;
  return { to, subject, text, html, headers: {} };
}

export function composePasswordReset(to: string, resetUrl: string): Email {
  const subject = 'Reset your Paperboy password';
  const text = `Someone (hopefully you) asked to reset the password of the Paperboy account for ${to}.\n\nChoose a new password: ${resetUrl}\n\nThe link works once, for an hour. If it was not you, ignore this message.\n`;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${subject}</title></head><body style="${STYLE.body}"><div style="${STYLE.wrap}">`
    + `<p>Someone (hopefully you) asked to reset the password of the Paperboy account for ${escapeHtml(to)}.</p>`
    + `<p><a href="${escapeHtml(resetUrl)}" style="${STYLE.link}">Choose a new password</a></p>`
    + `<p style="${STYLE.footer}">The link works once, for an hour. If it was not you, ignore this message.</p></div></body></html>`;
  return { to, subject, text, html, headers: {} };
}
