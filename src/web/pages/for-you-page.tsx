import type { Paper } from '../../domain/paper.ts';
import { Layout } from '../layout.tsx';
import { PaperList } from './paper-card.tsx';
import { FollowButton } from './library-pages.tsx';
import { Form } from '../viewer.tsx';

export type ForYouPeriod = 'today' | 'week' | 'month' | 'all';
export const FOR_YOU_PERIODS: Array<{ key: ForYouPeriod; label: string }> = [
  { key: 'today', label: 'Today' }, { key: 'week', label: 'This week' }, { key: 'month', label: 'This month' }, { key: 'all', label: 'All unseen' },
];

export interface Suggestion {
  kind: 'category' | 'organization';
  value: string;
  label: string;
}

/** `/papers/for-you`: the member's ranking, each paper with why; with no signals yet, suggestions and trending. */
export function ForYouPage({ period, papers, reasons, suggestions, hasSignals, feed }: { period: ForYouPeriod; papers: Paper[]; reasons: Map<string, string>; suggestions: Suggestion[]; hasSignals: boolean; feed: { url: string } | { exists: boolean } }) {
  return (
    <Layout meta={{ title: 'For you · Paperboy', description: 'Papers ranked for you.', section: 'for-you', noindex: true }}>
      <h1>For you</h1>
      <nav class="tabs" aria-label="Period">
        {FOR_YOU_PERIODS.map((p) => <a href={p.key === 'all' ? '/papers/for-you' : `/papers/for-you?period=${p.key}`} aria-current={p.key === period ? 'page' : undefined}>{p.label}</a>)}
      </nav>
      {hasSignals ? (
        <p class="meta">Ranked by what you upvoted, saved, collected and follow. “Not interested” hides a paper and teaches the ranking. <a href="/settings/follows">What you follow</a></p>
      ) : (
        <section class="notice" aria-labelledby="start-heading">
          <h2 id="start-heading">Tell Paperboy what you like</h2>
          <p>Upvote or save a few papers, or follow some of what is trending now; meanwhile, here is what is trending.</p>
          <ul class="suggestions">
            {suggestions.map((s) => (
              <li>{s.kind === 'organization' ? <FollowButton kind="organization" value={s.value} label={s.label} following={false} /> : (
                <Form action="/follows" class="inline">
                  <input type="hidden" name="kind" value="category" /><input type="hidden" name="value" value={s.value} /><input type="hidden" name="follow" value="1" /><input type="hidden" name="return" value="/papers/for-you" />
                  <button type="submit">Follow {s.label}</button>
                </Form>
              )}</li>
            ))}
          </ul>
        </section>
      )}
      <PaperList papers={papers} reasons={reasons} empty={period === 'all' ? 'Nothing to recommend yet.' : 'No new papers in this period match your interests yet.'} />
      <section aria-labelledby="feed-heading">
        <h2 id="feed-heading">Your private feed</h2>
        {'url' in feed ? (
          <p class="notice" role="status">Your feed link (copy it now; it is shown once): <code>{feed.url}</code></p>
        ) : <p>{feed.exists ? 'You have a private feed link. Making a new one stops the old one.' : 'Get these recommendations in a feed reader, at a link only you know.'}</p>}
        <Form action="/papers/for-you/feed" class="inline"><button type="submit">{'url' in feed || feed.exists ? 'Make a new feed link' : 'Make a feed link'}</button></Form>
      </section>
    </Layout>
  );
}
