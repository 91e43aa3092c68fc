import type { Context } from 'hono';
import { createContext, useContext } from 'hono/jsx';
import type { Child } from 'hono/jsx';
import type { Member } from '../domain/members.ts';
import type { MemberEnv, PaperMarks } from '../members/http.ts';
import { TEMPLATE_CSRF, templateMarks, templateMember } from './member-template.ts';

/** Who is looking at the page, the CSRF token their forms must carry, and where they are. */
export interface Viewer {
  member: Member | undefined;
  csrfToken: string;
  /** The path and query of this page: where a form or a sign-in returns to. */
  here: string;
  marks: ((paperIds: string[]) => Promise<PaperMarks>) | undefined;
  /** Rendering the template a role's members share: personal values are slots (member-template.ts). */
  template: boolean;
}

const ViewerContext = createContext<Viewer>({ member: undefined, csrfToken: '', here: '/', marks: undefined, template: false });

export const useViewer = (): Viewer => useContext(ViewerContext);

/** Renders a page for the request's viewer; every page goes through here. */
export function render(c: Context<MemberEnv>, page: Child, status: 200 | 400 | 401 | 403 | 404 | 409 | 413 | 429 | 500 | 502 | 503 = 200) {
  const url = new URL(c.req.url);
  const here = `${url.pathname}${url.search}`;
  const member = c.get('member');
  const viewer: Viewer = member && c.get('template')
    ? { member: templateMember(member.role), csrfToken: TEMPLATE_CSRF, here, marks: templateMarks, template: true }
    : { member, csrfToken: c.get('csrfToken') ?? '', here, marks: c.get('marks'), template: false };
  // Pages for a signed-in member are personal: never stored by shared caches.
  if (viewer.member) c.header('Cache-Control', 'private, no-store');
  return c.html(<ViewerContext.Provider value={viewer}>{page}</ViewerContext.Provider>, status);
}

/** A POST form with the CSRF token in it. */
export function Form({ action, children, class: className, progress, id, hidden }: { action: string; children?: Child; class?: string; progress?: string; id?: string; hidden?: boolean }) {
  const { csrfToken } = useViewer();
  return (
    <form method="post" action={action} class={className} data-progress={progress} id={id} hidden={hidden}>
      <input type="hidden" name="_csrf" value={csrfToken} />
      {children}
    </form>
  );
}

/** The id of a member's page's marks form (see `MarksForm`). */
export const MARKS_FORM = 'marks';

/**
 * The one form a member's page posts every card's toggles through: each upvote, save and
 * "Not interested" button names it (`form="marks"`) and its own address (`formaction`), and
 * carries its field as the button's name and value. A card so holds no form, CSRF token or return
 * address of its own — half of a member's day page was those — and it all works without script.
 */
export function MarksForm() {
  const { member, here } = useViewer();
  if (!member) return null;
  return (
    <Form action={here} id={MARKS_FORM} hidden>
      <input type="hidden" name="return" value={here} />
    </Form>
  );
}

/**
 * Where to go back to after a form or a sign-in: a path on this site only (an absolute or
 * protocol-relative URL would make the site an open redirect), else `fallback`.
 */
export function safeReturn(value: string | undefined, fallback = '/'): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\') || value.length > 2000) return fallback;
  return value;
}

/** The sign-in page, returning to `here` afterwards. */
export const signInPath = (here: string): string => (here === '/' || here.startsWith('/signin') ? '/signin' : `/signin?next=${encodeURIComponent(here)}`);
