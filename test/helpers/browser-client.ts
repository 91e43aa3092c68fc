import type { TestApp } from './app.ts';

/**
 * A cookie-keeping client for `app.request()`: what a browser does with forms, without one.
 * `form()` first loads the page the form is on and sends its CSRF token back, as a browser would.
 */
export class FormClient {
  readonly cookies = new Map<string, string>();
  constructor(private readonly app: TestApp, private readonly address = `203.0.113.${Math.floor(Math.random() * 250) + 1}`) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      if (/max-age=0/i.test(line) || value === '') this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    const res = await this.app.request(path, { headers: { cookie: this.cookieHeader(), 'x-forwarded-for': this.address, ...headers } });
    this.remember(res);
    return res;
  }

  async csrfFrom(path: string): Promise<string> {
    const html = await (await this.get(path)).text();
    const m = /name="_csrf" value="([^"]+)"/.exec(html);
    if (!m) throw new Error(`no CSRF token on ${path}`);
    return m[1]!;
  }

  /** Posts a form as if submitted from `fromPage`; pass `csrf: null` to leave the token out. */
  async post(path: string, fields: Record<string, string>, { fromPage = '/signin', csrf }: { fromPage?: string; csrf?: string | null } = {}): Promise<Response> {
    const token = csrf === undefined ? await this.csrfFrom(fromPage) : csrf;
    const body = new URLSearchParams({ ...fields, ...(token ? { _csrf: token } : {}) });
    const res = await this.app.request(path, {
      method: 'POST', body: body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookieHeader(), 'x-forwarded-for': this.address },
    });
    this.remember(res);
    return res;
  }

  /** Posts a body the caller built (multipart uploads), with this client's cookies. */
  async postBody(path: string, body: FormData): Promise<Response> {
    const res = await this.app.request(path, { method: 'POST', body, headers: { cookie: this.cookieHeader(), 'x-forwarded-for': this.address } });
    this.remember(res);
    return res;
  }

  async signUp(username: string, password = 'correct horse battery staple'): Promise<Response> {
    return this.post('/signup', { username, email: `${username.toLowerCase()}@example.org`, password }, { fromPage: '/signup' });
  }

  async signIn(login: string, password = 'correct horse battery staple'): Promise<Response> {
    return this.post('/signin', { login, password });
  }
}
