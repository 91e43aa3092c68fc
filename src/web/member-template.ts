import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { canModerate, type Member } from '../domain/members.ts';
import { escapeHtml } from '../lib/html.ts';
import type { TemplateOptions } from '../lib/http-cache.ts';
import { OutputBuffers } from '../lib/output-buffers.ts';
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


/**
 * A template ready to fill. Its text is kept as UTF-8 with every mark slot already holding its
 * "off" value and every CSRF slot a placeholder of a token's length: filling it for a member
 * copies that text once, splicing in only their name and the cards they marked, and writes their
 * CSRF token over the placeholders in place. (Joining the 300 pieces around every slot for each
 * member was a sixth of a member's page; as JavaScript strings, 0.9 ms a page.)
 */
export interface CompiledTemplate {
  /** The page with marks off and CSRF placeholders. */
  base: Buffer;
  /** Where the name goes in `base` (it holds nothing there). */
  usernameAt: number[];
  /** Where each CSRF placeholder starts in `base`. */
  csrfAt: number[];
  /** Each paper's mark slots: where each is in `base` and how many bytes its "off" value takes. */
  marks: Map<string, Array<{ kind: MarkKind; part: MarkPart; at: number; length: number }>>;
  /** The papers whose cards have mark slots. */
  paperIds: string[];
}

/** What `hmac` makes (a SHA-256 in base64url): the length CSRF slots are kept at. */
const CSRF_LENGTH = 43;
const CSRF_PLACEHOLDER = Buffer.alloc(CSRF_LENGTH, 'x');

export function compileTemplate(template: string): CompiledTemplate {
  const parts: Buffer[] = [];
  const compiled: CompiledTemplate = { base: Buffer.alloc(0), usernameAt: [], csrfAt: [], marks: new Map(), paperIds: [] };
  let last = 0;
  let at = 0;
  const add = (bytes: Buffer) => {
    parts.push(bytes);
    at += bytes.length;
  };
  for (const m of template.matchAll(SLOTS)) {
    add(Buffer.from(template.slice(last, m.index)));
    last = m.index + m[0].length;
    if (m[4] === 'username') {
      compiled.usernameAt.push(at);
    } else if (m[4] === 'csrf') {
      compiled.csrfAt.push(at);
      add(CSRF_PLACEHOLDER);
    } else {
      const slot = { kind: m[1] as MarkKind, part: m[3] as MarkPart };
      const off = markValue(slot, false);
      const paper = compiled.marks.get(m[2]!) ?? [];
      paper.push({ ...slot, at, length: off.length });
      compiled.marks.set(m[2]!, paper);
      add(off);
    }
  }
  add(Buffer.from(template.slice(last)));
  compiled.base = Buffer.concat(parts);
  compiled.paperIds = [...compiled.marks.keys()];
  return compiled;
}

const WORDS = { true: Buffer.from('true'), false: Buffer.from('false'), 0: Buffer.from('0'), 1: Buffer.from('1'), Saved: Buffer.from('Saved'), Save: Buffer.from('Save') };

/** The template with this member's values in its slots, as UTF-8. */
export function fillTemplate(template: CompiledTemplate, values: { username: string; csrfToken: string; marks: PaperMarks }, allocate: (size: number) => Buffer<ArrayBuffer> = Buffer.allocUnsafeSlow): Buffer<ArrayBuffer> {
  const csrf = Buffer.from(escapeHtml(values.csrfToken));
  const inPlace = csrf.length === CSRF_LENGTH;
  // What replaces bytes of the base: the name, the cards this member marked, and the token
  // where it cannot be written over its placeholder.
  const splices: Array<{ at: number; length: number; value: Buffer }> = [];
  const username = Buffer.from(escapeHtml(values.username));
  for (const at of template.usernameAt) splices.push({ at, length: 0, value: username });
  if (!inPlace) for (const at of template.csrfAt) splices.push({ at, length: CSRF_LENGTH, value: csrf });
  for (const [ids, kind] of [[values.marks.upvoted, 'up'], [values.marks.saved, 'save']] as const) {
    for (const id of ids) {
      for (const slot of template.marks.get(id) ?? []) if (slot.kind === kind) splices.push({ at: slot.at, length: slot.length, value: markValue(slot, true) });
    }
  }
  splices.sort((a, b) => a.at - b.at);
  const { base } = template;
  const size = splices.reduce((n, s) => n + s.value.length - s.length, base.length);
  const out = allocate(size).subarray(0, size);
  let from = 0;
  let to = 0;
  for (const { at, length, value } of splices) {
    to += base.copy(out, to, from, at);
    to += value.copy(out, to);
    from = at + length;
  }
  base.copy(out, to, from);
  if (inPlace) {
    // Each placeholder moved by what the splices before it added or took away.
    let next = 0;
    let shift = 0;
    for (const at of template.csrfAt) {
      // A name spliced in right before a placeholder (at the same place) moves it too.
      for (; next < splices.length && splices[next]!.at <= at; next++) shift += splices[next]!.value.length - splices[next]!.length;
      csrf.copy(out, at + shift);
    }
  }
  return out;
}

function markValue(slot: { kind: MarkKind; part: MarkPart }, on: boolean): Buffer {
  if (slot.part === 'pressed') return on ? WORDS.true : WORDS.false;
  // The form's value is what pressing it asks for: the opposite of now.
  if (slot.part === 'value') return on ? WORDS[0] : WORDS[1];
  return on ? WORDS.Saved : WORDS.Save;
}

/** The response cache's hooks for shared member pages. */
export function memberTemplates(marksOf: (c: Context<MemberEnv>, member: Member, paperIds: string[]) => Promise<PaperMarks>): TemplateOptions<CompiledTemplate> {
  const buffers = new OutputBuffers();
  return {
    variant: (c) => templateVariant(c as Context<MemberEnv>),
    prepare: (c) => (c as Context<MemberEnv>).set('template', true),
    compile: compileTemplate,
    fill: async (c, template) => {
      const member = (c as Context<MemberEnv>).get('member')!;
      const marks = await marksOf(c as Context<MemberEnv>, member, template.paperIds);
      return fillTemplate(template, { username: member.username, csrfToken: (c as Context<MemberEnv>).get('csrfToken'), marks }, (size) => buffers.take(c, size));
    },
  };
}
