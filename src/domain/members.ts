/** Members, roles and the rules of submitting: pure, so they are tested on their own. */
export type Role = 'member' | 'moderator' | 'admin';

export const ROLES: readonly Role[] = ['member', 'moderator', 'admin'];

export interface Member {
  id: string;
  username: string;
  fullname: string | null;
  email: string | null;
  role: Role;
  bannedAt: string | null;
  createdAt: string;
  /** Set once the member deleted their account. */
  deletedAt?: string | null;
}

export const canModerate = (m: Pick<Member, 'role'>): boolean => m.role === 'moderator' || m.role === 'admin';
export const isAdmin = (m: Pick<Member, 'role'>): boolean => m.role === 'admin';

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9_-]{1,38}$/;
const EMAIL = /^[^\s@<>()"]+@[^\s@<>()"]+\.[^\s@<>()"]+$/;
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

/** What is wrong with a sign-up form, field by field; empty when nothing is. */
export function signupProblems(input: { username: string; email: string; password: string }): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!USERNAME.test(input.username)) problems.username = 'Usernames are 2 to 39 letters, digits, "-" or "_", starting with a letter or digit.';
  // Deleted accounts are renamed deleted-<id>: the names stay free for them.
  else if (input.username.toLowerCase().startsWith('deleted-')) problems.username = 'Usernames starting with "deleted-" are reserved.';
  if (!EMAIL.test(input.email) || input.email.length > 254) problems.email = 'That does not look like an email address.';
  const passwordProblem = passwordProblemOf(input.password);
  if (passwordProblem) problems.password = passwordProblem;
  return problems;
}

export function passwordProblemOf(password: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `Passwords need at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Passwords have at most ${MAX_PASSWORD_LENGTH} characters.`;
  return undefined;
}

export interface SubmissionRules {
  /** Hugging Face takes papers published in the last 14 days. */
  maxAgeDays: number;
  dailyQuota: number;
}

export const DEFAULT_SUBMISSION_RULES: SubmissionRules = { maxAgeDays: 14, dailyQuota: 10 };

export type SubmissionRefusal = { rule: 'too_old' | 'already_listed' | 'quota'; message: string };

/** Which rule, if any, refuses this submission. Admins are exempt from the age rule and the quota. */
export function checkSubmission(input: {
  paperId: string;
  publishedAt: string | null;
  listedOn: string | undefined;
  submittedToday: number;
  admin: boolean;
  rules: SubmissionRules;
  now: Date;
}): SubmissionRefusal | undefined {
  if (input.listedOn) return { rule: 'already_listed', message: `${input.paperId} is already listed, on ${input.listedOn}.` };
  if (input.admin) return undefined;
  if (input.submittedToday >= input.rules.dailyQuota) {
    return { rule: 'quota', message: `You have submitted ${input.submittedToday} papers today, the daily limit; try again tomorrow.` };
  }
  if (input.publishedAt) {
    const ageDays = (input.now.getTime() - Date.parse(input.publishedAt)) / 86_400_000;
    if (ageDays > input.rules.maxAgeDays) {
      return { rule: 'too_old', message: `${input.paperId} was first published on ${input.publishedAt.slice(0, 10)}, more than ${input.rules.maxAgeDays} days ago; only recent papers can be submitted.` };
    }
  }
  return undefined;
}
