import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

/**
 * Debian's python3-feedparser, the parser behind many feed readers; .ci/run installs it. It
 * runs with Debian's own interpreter, where apt puts the module.
 */
export const FEEDPARSER_PYTHON = '/usr/bin/python3';

const SCRIPT = `
import json, sys, feedparser
# The content type tells feedparser a JSON Feed from XML, as an HTTP response would.
d = feedparser.parse(sys.stdin.read(), response_headers={'content-type': sys.argv[1]})
print(json.dumps({
  "bozo": bool(d.bozo), "error": str(d.get("bozo_exception", "")), "version": d.version,
  "title": d.feed.get("title"), "link": d.feed.get("link"),
  "entries": [{"title": e.get("title"), "link": e.get("link"), "published": e.get("published_parsed") and list(e.published_parsed)[:6],
               "authors": [a.get("name") for a in e.get("authors", [])], "summary": e.get("summary")} for e in d.entries],
}))
`;

export interface ParsedFeed {
  bozo: boolean;
  error: string;
  version: string;
  title: string;
  link: string;
  entries: Array<{ title: string; link: string; published: number[] | null; authors: string[]; summary: string }>;
}

export async function feedparserSkip(): Promise<string | false> {
  if (!existsSync(FEEDPARSER_PYTHON)) return `needs ${FEEDPARSER_PYTHON} with python3-feedparser (apt-get install python3-feedparser)`;
  try {
    await promisify(execFile)(FEEDPARSER_PYTHON, ['-c', 'import feedparser']);
    return false;
  } catch {
    return 'needs python3-feedparser (apt-get install python3-feedparser)';
  }
}

export async function parseFeed(text: string, contentType: string): Promise<ParsedFeed> {
  const child = execFile(FEEDPARSER_PYTHON, ['-c', SCRIPT, contentType]);
  let stdout = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stdin!.end(text);
  await new Promise((resolve, reject) => child.on('close', (code) => (code === 0 ? resolve(code) : reject(new Error(`feedparser exited ${code}`)))));
  return JSON.parse(stdout) as ParsedFeed;
}
