import type { SourceRun, SourceStatus } from '../../store/sources.ts';
import { utcTime } from '../format.ts';
import { Layout } from '../layout.tsx';
import { Form } from '../viewer.tsx';
import { AdminNav } from './admin-pages.tsx';

const STATUS_LABEL: Record<SourceRun['status'], string> = {
  running: 'running', ok: 'ok', failed: 'failed', interrupted: 'interrupted', paused: 'paused (rate limit)',
};


function RunSummary({ run }: { run: SourceRun | undefined }) {
  if (!run) return <span>never ran</span>;
  return (
    <span>
      <strong class={`run-${run.status}`}>{STATUS_LABEL[run.status]}</strong>, {utcTime(run.startedAt)} ({run.trigger}):
      {' '}read {run.read}, inserted {run.inserted}, updated {run.updated}, failed {run.failed}, {run.requests} requests
      {run.message ? <><br /><span class="run-message">{run.message}</span></> : null}
    </span>
  );
}

/** Every configured source: schedule, last run and its outcome, next run, and "Run now". */
export function SourcesPage({ statuses, notice }: { statuses: SourceStatus[]; notice?: string | undefined }) {
  return (
    <Layout meta={{ title: 'Sources · Paperboy', description: 'Scheduled sources of papers, for admins.' }}>
      <h1>Sources</h1>
      <AdminNav />
      {notice ? <p class="notice" role="status">{notice}</p> : null}
      {statuses.length === 0 ? (
        <p class="empty">No source is configured: papers arrive only by hand imports and members' submissions. Set SOURCES (see the README) to follow Hugging Face's daily list or arXiv categories.</p>
      ) : (
        <table class="admin">
          <thead><tr><th scope="col">Source</th><th scope="col">Schedule</th><th scope="col">Last run</th><th scope="col">Next run</th><th scope="col">Action</th></tr></thead>
          <tbody>{statuses.map((s) => (
            <tr>
              <td><code>{s.spec.name}</code>{s.spec.feed ? ' · on the feed' : ''}</td>
              <td><code>{s.spec.schedule}</code></td>
              <td><RunSummary run={s.lastRun} />{s.lastSuccess && s.lastRun?.id !== s.lastSuccess.id ? <><br />last success {utcTime(s.lastSuccess.startedAt)}</> : null}</td>
              <td>{utcTime(s.nextRun)}</td>
              <td>{s.running ? 'running now…' : (
                <Form action={`/admin/sources/${encodeURIComponent(s.spec.name)}/run`} class="inline"><button type="submit">Run now</button></Form>
              )}</td>
            </tr>
          ))}</tbody>
        </table>
      )}
    </Layout>
  );
}
