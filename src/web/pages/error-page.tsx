import { Layout } from '../layout.tsx';

export function ErrorPage({ status, message }: { status: number; message: string }) {
  const title = status === 404 ? 'Not found' : status === 400 ? 'Bad request' : status === 503 ? 'Busy right now' : status === 429 ? 'Too many requests' : status === 403 ? 'Not allowed' : 'Something went wrong';
  return (
    <Layout meta={{ title: `${title} · Paperboy`, description: message }}>
      <h1>{title}</h1>
      <p>{message}</p>
      <p><a href="/">Back to today's papers</a></p>
    </Layout>
  );
}
