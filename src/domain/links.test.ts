import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isGithubRepoUrl, linkProblem, safeLink } from './links.ts';

describe('the link rule', () => {
  it('accepts absolute http and https addresses', () => {
    assert.equal(linkProblem('https://github.com/owner/repo'), undefined);
    assert.equal(linkProblem('http://example.org/project?x=1#top'), undefined);
  });

  it('refuses script, data and relative links, and says why', () => {
    assert.match(linkProblem('javascript:alert(6)')!, /javascript: link, not http/);
    assert.match(linkProblem('JaVaScRiPt:alert(1)')!, /not http/);
    assert.match(linkProblem('data:text/html,<b>x</b>')!, /spaces or quotes|not http/);
    assert.match(linkProblem('/relative/path')!, /not an absolute address/);
    assert.match(linkProblem('https://example.org/" onmouseover="x')!, /spaces or quotes/);
    assert.match(linkProblem(`https://example.org/${'a'.repeat(600)}`)!, /longer than 500/);
  });

  it('renders only safe stored links', () => {
    assert.equal(safeLink('javascript:alert(6)'), undefined);
    assert.equal(safeLink(null), undefined);
    assert.equal(safeLink('https://x.org'), 'https://x.org');
  });

  it('knows a GitHub repository address from other GitHub pages', () => {
    assert.equal(isGithubRepoUrl('https://github.com/owner/name'), true);
    assert.equal(isGithubRepoUrl('https://github.com/owner'), false);
    assert.equal(isGithubRepoUrl('https://github.com/owner/name/issues/1'), false);
  });
});
