import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findGithubRepo, githubRepoKey, parseHasCode } from './code-links.ts';

describe('code links', () => {
  it('keys a repository address by its lower-cased owner/name, whatever its form', () => {
    for (const url of ['https://github.com/Acme/Tool', 'http://www.github.com/acme/tool/', 'https://github.com/acme/tool.git', 'https://github.com/acme/tool#readme']) {
      assert.equal(githubRepoKey(url), 'acme/tool', url);
    }
    assert.equal(githubRepoKey('https://github.com/acme'), null);
    assert.equal(githubRepoKey('https://github.com/orgs/acme'), null);
    assert.equal(githubRepoKey('https://gitlab.com/acme/tool'), null);
    assert.equal(githubRepoKey(null), null);
  });

  it('finds the first repository an abstract or comment names, without the sentence\'s full stop', () => {
    assert.equal(findGithubRepo('Code is available at https://github.com/acme/tool.', null), 'https://github.com/acme/tool');
    assert.equal(findGithubRepo('No code here.', '12 pages; code: https://github.com/Lab/Model.git'), 'https://github.com/Lab/Model');
    assert.equal(findGithubRepo('See (https://github.com/acme/tool-v2) and https://github.com/other/x'), 'https://github.com/acme/tool-v2');
    assert.equal(findGithubRepo('Our site https://github.com/topics/llm lists more.'), null);
    assert.equal(findGithubRepo('', null), null);
  });

  it('reads the code filter, refusing anything but 1/true/0/false', () => {
    assert.equal(parseHasCode(undefined), false);
    assert.equal(parseHasCode('1'), true);
    assert.equal(parseHasCode('true'), true);
    assert.equal(parseHasCode('0'), false);
    assert.throws(() => parseHasCode('yes please'), /code must be 1 \(only papers with code\) or 0, got "yes please"/);
  });
});
