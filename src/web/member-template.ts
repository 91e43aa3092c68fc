import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { canModerate, type Member } from '../domain/members.ts';
import { escapeHtml } from '../lib/html.ts';
import type { TemplateOptions } from '../lib/http-cache.ts';
import type { MemberEnv, PaperMarks } from '../members/http.ts';

/**
 * A signed-in member's list pages, shared. The day, week and month pages and trending differ
 * between members only in a few places: the username and role links in the header, the CSRF
 * token in every form, and whether each card is upvoted and saved. So such a page is rendered
 * once per role as a template with slots in those places, kept in the response cache beside the
 * anonymous page, and each member's answer is the template with their values filled in: one
 * query for their marks on the page's papers instead of the lists' queries and 50 cards rendered.
 *
 * Slots are words no text can hold by chance: they carry a random nonce made at start-up, so a
 * title that spells a slot is left alone. Everything personal is a slot; the template member
 * has no id, name, e-mail or dates of anyone, so nothing of one member can reach another.
 */
const NONCE = randomBytes(9).toString('hex');
const PREFIX = `pbslot${NONCE}`;
/** Letters and digits only: the same in HTML text, in an attribute and through encodeURIComponent. */
const USERNAME_SLOT = `${PREFIX}username`;
/** The CSRF token a template's forms carry, filled in per member. */
export const TEMPLATE_CSRF = `${PREFIX}csrf`;

type MarkKind = 'up' | 'save';
type MarkPart = 'pressed' | 'value' | 'label';

/** The slot for one mark of one card: `~` separates, as no paper id has one. */
export function markSlot(kind: MarkKind, paperId: string, part: MarkPart): string {
  return `${PREFIX}~${kind}~${paperId}~${part}~`;
}

const SLOTS = new RegExp(`${PREFIX}(?:~(up|save)~([^~"<>\\s]+)~(pressed|value|label)~|(username|csrf))`, 'g');

/** The paths whose pages are the same for every member but for the slots. */
const SHARED_PAGES = /^\/(?:papers\/(?:date\/[^/]+|week(?:\/[^/]+)?|month(?:\/[^/]+)?|trending))?$/;

/** Which template a member's request is served from (their role's), or undefined: rendered for them alone. */
export function templateVariant(c: Context<MemberEnv>): string | undefined {
  const member = c.get('member');
  if (!member || c.get('via') !== 'session' || !SHARED_PAGES.test(c.req.path)) return undefined;
  // In the member's own order: nothing shared about it.
  if (c.req.query('sort') === 'for-you') return undefined;
  return canModerate(member) ? 'moderator' : 'member';
}

/** The member a template is rendered for: the role of the one asking, nothing else of theirs. */
export function templateMember(role: Member['role']): Member {
  return { id: '', username: USERNAME_SLOT, fullname: null, email: null, role, bannedAt: null, createdAt: '' };
}

/** No marks while rendering a template: the cards' toggles are slots (see `markSlot`). */
export const templateMarks = async (): Promise<PaperMarks> => ({ upvoted: new Set(), saved: new Set() });

type Slot = { name: 'username' | 'csrf' } | { kind: MarkKind; paperId: string; part: MarkPart };

/**
 * A template split once at its slots, its text already UTF-8: filling it is a concatenation of
 * bytes (joining 250 pieces of a 140 KB page as JavaScript strings took 0.9 ms, as bytes 0.16).
 */
export interface CompiledTemplate {
  /** The bytes around the slots: one more than there are slots. */
  texts: Buffer[];
  slots: Slot[];
  /** The papers whose cards have mark slots. */
  paperIds: string[];
}

export function compileTemplate(template: string): CompiledTemplate {
  const texts: Buffer[] = [];
  const slots: Slot[] = [];
  const papers = new Set<string>();
  let last = 0;
  for (const m of template.matchAll(SLOTS)) {
    texts.push(Buffer.from(template.slice(last, m.index)));
    last = m.index + m[0].length;
    if (m[4]) {
      slots.push({ name: m[4] as 'username' | 'csrf' });
    } else {
      slots.push({ kind: m[1] as MarkKind, paperId: m[2]!, part: m[3] as MarkPart });
      papers.add(m[2]!);
    }
  }
  texts.push(Buffer.from(template.slice(last)));
  return { texts, slots, paperIds: [...papers] };
}

const WORDS = { true: Buffer.from('true'), false: Buffer.from('false'), 0: Buffer.from('0'), 1: Buffer.from('1'), Saved: Buffer.from('Saved'), Save: Buffer.from('Save') };

/** The template with this member's values in its slots, as UTF-8. */
export function fillTemplate(template: CompiledTemplate, values: { username: string; csrfToken: string; marks: PaperMarks }): Buffer<ArrayBuffer> {
  const username = Buffer.from(escapeHtml(values.username));
  const csrf = Buffer.from(escapeHtml(values.csrfToken));
  const out: Buffer[] = [template.texts[0]!];
  template.slots.forEach((slot, i) => {
    out.push('name' in slot ? (slot.name === 'username' ? username : csrf) : markValue(slot, values.marks), template.texts[i + 1]!);
  });
  return Buffer.concat(out);
}

function markValue(slot: { kind: MarkKind; paperId: string; part: MarkPart }, marks: PaperMarks): Buffer {
  const on = (slot.kind === 'up' ? marks.upvoted : marks.saved).has(slot.paperId);
  if (slot.part === 'pressed') return on ? WORDS.true : WORDS.false;
  // The form's value is what pressing it asks for: the opposite of now.
  if (slot.part === 'value') return on ? WORDS[0] : WORDS[1];
  return on ? WORDS.Saved : WORDS.Save;
}

/** The response cache's hooks for shared member pages. */
export function memberTemplates(marksOf: (c: Context<MemberEnv>, member: Member, paperIds: string[]) => Promise<PaperMarks>): TemplateOptions<CompiledTemplate> {
  return {
    variant: (c) => templateVariant(c as Context<MemberEnv>),
    prepare: (c) => (c as Context<MemberEnv>).set('template', true),
    compile: compileTemplate,
    fill: async (c, template) => {
      const member = (c as Context<MemberEnv>).get('member')!;
      const marks = await marksOf(c as Context<MemberEnv>, member, template.paperIds);
      return fillTemplate(template, { username: member.username, csrfToken: (c as Context<MemberEnv>).get('csrfToken'), marks });
    },
  };
}
