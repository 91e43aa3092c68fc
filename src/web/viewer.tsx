import type { Context } from 'hono';
import { createContext, useContext } from 'hono/jsx';
import type { Child } from 'hono/jsx';
import type { Member } from '../domain/members.ts';
import type { MemberEnv } from '../members/http.ts';

/** Who is looking at the page, and the CSRF token their forms must carry. */
export interface Viewer {
  member: Member | undefined;
  csrfToken: string;
}

const ViewerContext = createContext<Viewer>({ member: undefined, csrfToken: '' });

export const useViewer = (): Viewer => useContext(ViewerContext);

/** Renders a page for the request's viewer; every page goes through here. */
export function render(c: Context<MemberEnv>, page: Child, status: 200 | 400 | 401 | 403 | 404 | 409 | 413 | 429 | 500 | 502 | 503 = 200) {
  const viewer: Viewer = { member: c.get('member'), csrfToken: c.get('csrfToken') ?? '' };
  // Pages for a signed-in member are personal: never stored by shared caches.
  if (viewer.member) c.header('Cache-Control', 'private, no-store');
  return c.html(<ViewerContext.Provider value={viewer}>{page}</ViewerContext.Provider>, status);
}

/** A POST form with the CSRF token in it. */
export function Form({ action, children, class: className, api }: { action: string; children: Child; class?: string; api?: string }) {
  const { csrfToken } = useViewer();
  return (
    <form method="post" action={action} class={className} data-api={api}>
      <input type="hidden" name="_csrf" value={csrfToken} />
      {children}
    </form>
  );
}
