/** The OpenAPI 3.1 description of the JSON API, served at /openapi.json and shown at /docs. */
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const str = { type: 'string' };
const dateTime = { type: 'string', format: 'date-time' };
const nullable = (schema: object) => ({ oneOf: [schema, { type: 'null' }] });
const json = (schema: object, description: string) => ({ description, content: { 'application/json': { schema } } });
const errors = {
  400: json(ref('Error'), 'A malformed parameter; the message says which and why.'),
  404: json(ref('Error'), 'No such paper, organization or author.'),
};
  const codeParam = { name: 'code', in: 'query', schema: { type: 'string', enum: ['1', '0', 'true', 'false'] }, description: '1: only papers with a code repository (Paperboy).' };
  const pageParams = [
  { name: 'p', in: 'query', description: 'Page number, from 0.', schema: { type: 'integer', minimum: 0, default: 0 } },
  { name: 'limit', in: 'query', description: 'Items per page.', schema: { type: 'integer', minimum: 1, maximum: 100, default: 50 } },
];
const idParam = { name: 'id', in: 'path', required: true, description: 'arXiv id, with or without version; old-style ids like hep-th/9901001 too.', schema: str };
const linkHeader = { Link: { description: 'The next page: `<URL>; rel="next"`, when there is one.', schema: str } };

const formatParam = { name: 'format', in: 'query', schema: { type: 'string', enum: ['bibtex', 'ris', 'csl-json'] }, description: 'A citation file instead of JSON (also by Accept: application/x-bibtex, application/x-research-info-systems, application/vnd.citationstyles.csl+json).' };
const slugParams = [
  { name: 'namespace', in: 'path', required: true, schema: str, description: 'The owner\'s username.' },
  { name: 'slug', in: 'path', required: true, schema: str, description: 'title-words-<id>; only the id at its end counts.' },
];
const bearer = [{ bearer: [] }];
const writeErrors = {
  ...errors,
  401: json(ref('Error'), 'No or a revoked token.'),
  403: json(ref('Error'), 'Not the collection\'s owner.'),
};

/** Hugging Face's collections API (the calls huggingface_hub's HfApi makes) and whoami-v2. */
const collectionPaths = {
  '/api/whoami-v2': { get: { summary: 'Who this token belongs to', security: bearer, responses: { 200: json({ type: 'object', properties: { name: str, type: { const: 'user' } } }, 'The member, in the Hub\'s shape.'), 401: writeErrors[401] } } },
  '/api/collections': {
    get: {
      summary: 'List collections (list_collections)',
      description: 'Public collections, and the caller\'s own private ones.',
      parameters: [
        { name: 'owner', in: 'query', schema: str, description: 'Owner username; repeat for several.' },
        { name: 'item', in: 'query', schema: str, description: 'Only collections holding this item, e.g. papers/2311.12983.' },
        { name: 'sort', in: 'query', schema: { type: 'string', enum: ['lastModified', 'trending', 'upvotes'] } },
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 100 } },
      ],
      responses: { 200: { ...json({ type: 'array', items: ref('Collection') }, 'Collections with their first 4 items.'), headers: linkHeader }, 400: errors[400] },
    },
    post: {
      summary: 'Create a collection (create_collection)', security: bearer,
      requestBody: { content: { 'application/json': { schema: { type: 'object', required: ['title'], properties: { title: str, namespace: str, description: str, private: { type: 'boolean' } } } } } },
      responses: { 200: json(ref('Collection'), 'The new collection.'), 409: json({ type: 'object', properties: { slug: str } }, 'The caller has a collection with that title: its slug.'), ...writeErrors },
    },
  },
  '/api/collections/{namespace}/{slug}': {
    parameters: slugParams,
    get: { summary: 'A collection with all its items (get_collection)', parameters: [formatParam], responses: { 200: json(ref('Collection'), 'The collection.'), 404: errors[404] } },
    patch: {
      summary: 'Change title, description or privacy (update_collection_metadata)', security: bearer,
      requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { title: str, description: str, private: { type: 'boolean' } } } } } },
      responses: { 200: json({ type: 'object', properties: { success: { type: 'boolean' }, data: ref('Collection') } }, 'The changed collection.'), ...writeErrors },
    },
    delete: { summary: 'Delete a collection (delete_collection)', security: bearer, responses: { 200: json({ type: 'object' }, 'Deleted.'), ...writeErrors } },
  },
  '/api/collections/{namespace}/{slug}/items': {
    parameters: slugParams,
    post: {
      summary: 'Add a paper (add_collection_item)', security: bearer,
      requestBody: { content: { 'application/json': { schema: { type: 'object', required: ['item'], properties: { item: { type: 'object', properties: { id: str, type: { const: 'paper' } } }, note: str } } } } },
      responses: { 200: json(ref('Collection'), 'The collection with the paper.'), 409: json(ref('Collection'), 'Already in the collection.'), ...writeErrors },
    },
  },
  '/api/collections/{namespace}/{slug}/items/{itemId}': {
    parameters: [...slugParams, { name: 'itemId', in: 'path', required: true, schema: str, description: 'The item\'s _id.' }],
    patch: {
      summary: 'Move an item or change its note (update_collection_item)', security: bearer,
      requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { position: { type: 'integer', minimum: 0 }, note: str } } } } },
      responses: { 200: json({ type: 'object' }, 'Changed.'), ...writeErrors },
    },
    delete: { summary: 'Remove an item (delete_collection_item)', security: bearer, responses: { 200: json({ type: 'object' }, 'Removed.'), ...writeErrors } },
  },
  '/api/collections/{namespace}/{slug}/upvote': {
    parameters: slugParams,
    post: { summary: 'Upvote a collection: {"upvoted": true|false}, or no body to toggle (Paperboy)', security: bearer, responses: { 200: json({ type: 'object', properties: { upvoted: { type: 'boolean' }, upvotes: { type: 'integer' } } }, 'The new state.'), ...writeErrors } },
  },
  '/api/me/recommendations': {
    get: {
      summary: 'Your For-you ranking, best first, each with a reason (Paperboy)', security: bearer,
      parameters: [
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 120, default: 20 } },
        { name: 'date', in: 'query', schema: { type: 'string', format: 'date' }, description: 'Rank this feed day.' },
        { name: 'week', in: 'query', schema: { type: 'string' }, description: 'Rank this ISO week, YYYY-Www.' },
        { name: 'month', in: 'query', schema: { type: 'string' }, description: 'Rank this month, YYYY-MM.' },
        { name: 'since', in: 'query', schema: { type: 'string', format: 'date' }, description: 'Only papers published since this day.' },
      ],
      responses: { 200: json({ type: 'array', items: { allOf: [ref('DailyPaperItem'), { type: 'object', properties: { reason: str, score: { type: 'number' } } }] } }, 'Never a paper you upvoted, saved or dismissed.'), 400: errors[400], 401: writeErrors[401] },
    },
  },
  '/api/papers/{id}/not-interested': {
    parameters: [idParam],
    post: { summary: 'Hide a paper from your recommendations: {"dismissed": true|false} (Paperboy)', security: bearer, responses: { 200: json({ type: 'object', properties: { dismissed: { type: 'boolean' } } }, 'The new state.'), ...writeErrors } },
  },
  '/api/papers/{id}/save': {
    parameters: [idParam],
    post: { summary: 'Save a paper to your "Saved" collection: {"saved": true|false}, or no body to toggle (Paperboy)', security: bearer, responses: { 200: json({ type: 'object', properties: { saved: { type: 'boolean' } } }, 'The new state.'), ...writeErrors } },
  },
};

export function openApiDocument(baseUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Paperboy API',
      version: '0.1.0',
      description: 'Compatible with the Hugging Face papers API (point `huggingface_hub`\'s HfApi at this server), plus Paperboy\'s own read endpoints.',
    },
    servers: [{ url: baseUrl }],
    paths: {
      ...collectionPaths,
      '/api/daily_papers': {
        get: {
          summary: 'Papers on the daily feed',
          description: 'Within a date, week or month: ordered by upvotes. Without one: the newest entries first. `sort=trending` orders by the trending score.',
          parameters: [
            ...pageParams,
            { name: 'date', in: 'query', schema: { type: 'string', format: 'date' }, description: 'A feed day, YYYY-MM-DD.' },
            { name: 'week', in: 'query', schema: { type: 'string', pattern: '^\\d{4}-W\\d{2}$' }, description: 'An ISO week, YYYY-Www.' },
            { name: 'month', in: 'query', schema: { type: 'string', pattern: '^\\d{4}-\\d{2}$' }, description: 'A month, YYYY-MM.' },
            { name: 'submitter', in: 'query', schema: str, description: 'Username of the member who listed the paper.' },
            { name: 'sort', in: 'query', schema: { type: 'string', enum: ['publishedAt', 'trending'], default: 'publishedAt' } },
            codeParam,
          ],
          responses: { 200: { ...json({ type: 'array', items: ref('DailyPaperItem') }, 'Daily paper items.'), headers: linkHeader }, 400: errors[400] },
        },
      },
      '/api/papers/search': {
        get: {
          summary: 'Search papers',
          description: 'Hybrid search: words (BM25 over title, authors and abstract) and meaning (vectors), fused; an arXiv id puts its paper first, and a misspelt word is read as the closest title word (the X-Search-Corrections header says which).',
          parameters: [
            { name: 'q', in: 'query', required: true, description: 'Words, a title, an author\'s name or an arXiv id (in any form). At most 250 characters, as on Hugging Face.', schema: { type: 'string', minLength: 1, maxLength: 250 } },
            { name: 'limit', in: 'query', description: 'Most results.', schema: { type: 'integer', minimum: 1, maximum: 120, default: 50 } },
            { name: 'sort', in: 'query', description: 'relevance (default), newest, or upvotes (Paperboy).', schema: { type: 'string', enum: ['relevance', 'newest', 'upvotes'], default: 'relevance' } },
            { name: 'from', in: 'query', description: 'Published on or after this day (Paperboy).', schema: { type: 'string', format: 'date' } },
            { name: 'to', in: 'query', description: 'Published on or before this day (Paperboy).', schema: { type: 'string', format: 'date' } },
            { name: 'category', in: 'query', description: 'An arXiv category, e.g. cs.CL (Paperboy).', schema: str },
            { name: 'organization', in: 'query', description: 'An organization slug (Paperboy).', schema: str },
            { name: 'author', in: 'query', description: 'An author\'s full name as on the paper (Paperboy).', schema: str },
            codeParam,
          ],
          responses: { 200: json({ type: 'array', items: ref('SearchItem') }, 'Best match first.'), 400: errors[400] },
        },
      },
      '/api/papers/{id}/related': {
        get: {
          summary: 'Papers related to a paper: its nearest neighbours in meaning (Paperboy)',
          parameters: [idParam, { name: 'limit', in: 'query', description: 'Most papers (up to 50).', schema: { type: 'integer', minimum: 1, maximum: 100, default: 50 } }],
          responses: { 200: json({ type: 'array', items: ref('DailyPaperItem') }, 'Nearest first.'), 404: errors[404] },
        },
      },
      '/api/papers/{id}': {
        get: {
          summary: 'A paper',
          parameters: [idParam, { name: 'field', in: 'query', schema: { type: 'string', enum: ['comments'] }, description: 'Add the comments.' }],
          responses: { 200: json(ref('PaperDetail'), 'The paper, its fields at the top level.'), 404: errors[404] },
        },
      },
      '/api/arxiv/{id}/repos': {
        get: {
          summary: 'Models, datasets and Spaces linked to a paper (none on a self-hosted feed)',
          parameters: [idParam],
          responses: { 200: json({ type: 'object', required: ['models', 'datasets', 'spaces'], properties: { models: { type: 'array', items: {} }, datasets: { type: 'array', items: {} }, spaces: { type: 'array', items: {} } } }, 'Linked artifacts.'), 404: errors[404] },
        },
      },
      '/api/trending': {
        get: {
          summary: 'Trending papers with their scores (Paperboy)',
          description: 'Scores are log2 of decayed points; see docs/ranking.md.',
          parameters: [...pageParams, codeParam],
          responses: { 200: { ...json({ type: 'array', items: { allOf: [ref('DailyPaperItem'), { type: 'object', required: ['trendingScore'], properties: { trendingScore: { type: 'number' } } }] } }, 'Best first.'), headers: linkHeader }, 400: errors[400] },
        },
      },
      '/api/organizations/{slug}': {
        get: {
          summary: "An organization's papers, newest first (Paperboy)",
          parameters: [{ name: 'slug', in: 'path', required: true, schema: str }, ...pageParams],
          responses: { 200: { ...json({ type: 'object', required: ['organization', 'papers'], properties: { organization: { type: 'object', properties: { name: str, fullname: str, numPapers: { type: 'integer' } } }, papers: { type: 'array', items: ref('DailyPaperItem') } } }, 'The organization and a page of its papers.'), headers: linkHeader }, 404: errors[404] },
        },
      },
      '/api/authors/{author}': {
        get: {
          summary: "An author's papers, newest first (Paperboy)",
          parameters: [{ name: 'author', in: 'path', required: true, description: 'The author id, or the name as written on papers.', schema: str }, ...pageParams],
          responses: { 200: { ...json({ type: 'object', required: ['author', 'papers'], properties: { author: { type: 'object', properties: { _id: str, name: str, numPapers: { type: 'integer' } } }, papers: { type: 'array', items: ref('DailyPaperItem') } } }, 'The author and a page of their papers.'), headers: linkHeader }, 404: errors[404] },
        },
      },
      '/papers/{id}.md': {
        get: {
          summary: 'The paper page as Markdown',
          parameters: [idParam],
          responses: { 200: { description: 'Markdown.', content: { 'text/markdown': { schema: str } } }, 404: { description: 'No such paper.' } },
        },
      },
      '/healthz': { get: { summary: 'Liveness and database check', responses: { 200: json({ type: 'object', properties: { status: { const: 'ok' } } }, 'Healthy.') } } },
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A Paperboy API token (pb_…), made at /account or with `paperboy user token`.' } },
      schemas: {
        Error: { type: 'object', required: ['error'], properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: str, message: str } } } },
        Org: { type: 'object', required: ['_id', 'name', 'fullname'], properties: { _id: str, name: { type: 'string', description: 'The slug.' }, fullname: str, avatar: nullable(str) } },
        Author: { type: 'object', required: ['_id', 'name', 'hidden'], properties: { _id: str, name: str, hidden: { type: 'boolean' } } },
        User: { type: 'object', required: ['_id', 'fullname', 'type'], properties: { _id: str, name: str, user: str, fullname: str, avatarUrl: str, type: { const: 'user' }, isPro: { type: 'boolean' } } },
        Paper: {
          type: 'object',
          required: ['id', 'authors', 'title', 'summary', 'upvotes', 'discussionId'],
          properties: {
            id: str, authors: { type: 'array', items: ref('Author') }, publishedAt: nullable(dateTime), submittedOnDailyAt: dateTime,
            submittedOnDailyBy: ref('User'), title: str, summary: str, upvotes: { type: 'integer' }, discussionId: str,
            projectPage: str, githubRepo: str, githubRepoAddedBy: { enum: ['user', 'auto'] }, githubStars: { type: 'integer', description: 'Stars of githubRepo when the github-stars source last looked; absent until then.' }, organization: ref('Org'),
            ai_summary: { type: 'string', description: "One sentence on what the paper contributes: the abstract's own sentence (offline method) or written by the operator's language model (see aiSummaryModel)." },
            ai_keywords: { type: 'array', items: str, description: '3–8 keyphrases of the paper.' },
            aiSummaryModel: { type: ['string', 'null'], description: 'The language model that wrote ai_summary; null when the offline method made it.' },
            thumbnail: { type: 'string', description: "URL of the first page of the paper's PDF as a small image; empty until one is made." },
            numAuthors: { type: 'integer' }, categories: { type: 'array', items: str }, version: { type: 'integer' },
          },
        },
        PaperDetail: {
          allOf: [ref('Paper'), {
            type: 'object',
            properties: {
              linkedModels: { type: 'array', items: {} }, numTotalModels: { type: 'integer' }, linkedDatasets: { type: 'array', items: {} },
              numTotalDatasets: { type: 'integer' }, linkedSpaces: { type: 'array', items: {} }, numTotalSpaces: { type: 'integer' }, comments: { type: 'array', items: {} },
            },
          }],
        },
        Span: { type: 'object', required: ['type', 'text'], properties: { type: { enum: ['text', 'highlight'] }, text: str } },
        SearchItem: {
          allOf: [ref('DailyPaperItem'), {
            type: 'object',
            required: ['highlightedTitle', 'highlightedSummary'],
            properties: {
              highlightedTitle: { type: 'array', items: ref('Span'), description: 'The title in runs; the joined texts are the title.' },
              highlightedSummary: { type: 'array', items: ref('Span'), description: 'The abstract in runs; the joined texts are the abstract.' },
            },
          }],
        },
        Collection: {
          type: 'object',
          required: ['id', 'slug', 'title', 'owner', 'items', 'lastUpdated', 'private', 'theme', 'upvotes'],
          properties: {
            id: str, slug: { ...str, description: 'owner/title-words-<id>, as on the Hub.' }, title: str, description: str, private: { type: 'boolean' },
            theme: str, upvotes: { type: 'integer' }, lastUpdated: dateTime, owner: ref('User'), numItems: { type: 'integer' }, position: { type: 'integer' },
            isUpvotedByUser: { type: 'boolean' }, shareUrl: str,
            items: { type: 'array', items: { type: 'object', required: ['_id', 'id', 'type', 'position'], properties: { _id: str, id: str, type: { const: 'paper' }, position: { type: 'integer' }, note: { type: 'object', properties: { text: str, html: str } } } } },
          },
        },
        DailyPaperItem: {
          type: 'object',
          required: ['paper', 'publishedAt', 'title', 'summary', 'numComments', 'isAuthorParticipating'],
          properties: {
            paper: ref('Paper'), publishedAt: { ...dateTime, description: 'When it appeared on the daily feed.' }, title: str, summary: str, thumbnail: { type: 'string', description: "URL of the paper's first-page thumbnail; empty until one is made." }, ai_summary: str, ai_keywords: { type: 'array', items: str },
            numComments: { type: 'integer' }, submittedBy: nullable(ref('User')), organization: nullable(ref('Org')), isAuthorParticipating: { type: 'boolean' },
          },
        },
      },
    },
  };
}
