import { CompiledQuery, type Insertable, type Kysely } from 'kysely';
import { chunkRows, type Dialect } from './dialect.ts';
import type { Database } from './schema.ts';

/** Statement texts kept: one per table, columns, row count and conflict clause in use. */
const MAX_KEPT = 256;
const texts = new Map<string, string>();

/**
 * A multi-row INSERT for the import's hot path (issue #14): the statement text is made once for a
 * table, its columns, a row count and a conflict clause, and kept (so SQLite's prepared statement
 * is reused too); each batch only binds its values, column by column. Kysely's builder makes an
 * operation node of every value and compiles the whole statement again for every batch — about
 * 4% of a 200,000-paper import. `onConflict` is SQL written in the code, never input; every
 * listed column is bound (a missing value as NULL).
 */
export async function insertRows<T extends keyof Database & string>(
  db: Kysely<Database>, dialect: Dialect, table: T, columns: ReadonlyArray<keyof Insertable<Database[T]> & string>,
  rows: ReadonlyArray<Insertable<Database[T]>>, onConflict = '',
): Promise<void> {
  for (const chunk of chunkRows(dialect, rows as Array<Insertable<Database[T]>>, columns.length)) {
    if (chunk.length === 0) continue;
    const parameters: unknown[] = new Array(chunk.length * columns.length);
    let i = 0;
    for (const row of chunk) {
      const values = row as Record<string, unknown>;
      for (const column of columns) parameters[i++] = values[column] ?? null;
    }
    await db.executeQuery(CompiledQuery.raw(statementText(dialect, table, columns, chunk.length, onConflict), parameters));
  }
}

/**
 * The same INSERT from values already flat: `values` holds row after row, each `columns.length`
 * values long in that order (store/flat-rows.ts).
 */
export async function insertFlatRows<T extends keyof Database & string>(
  db: Kysely<Database>, dialect: Dialect, table: T, columns: ReadonlyArray<keyof Insertable<Database[T]> & string>,
  values: readonly unknown[], onConflict = '',
): Promise<void> {
  const width = columns.length;
  const perStatement = Math.max(1, Math.floor(dialect.maxBindParams / width)) * width;
  for (let at = 0; at < values.length; at += perStatement) {
    const parameters = values.slice(at, at + perStatement);
    await db.executeQuery(CompiledQuery.raw(statementText(dialect, table, columns, parameters.length / width, onConflict), parameters));
  }
}

/** `ON CONFLICT (key) DO UPDATE SET c = excluded.c, …` for these columns. */
export function updateFromExcluded(key: string, columns: readonly string[]): string {
  return `on conflict ("${key}") do update set ${columns.map((c) => `"${c}" = excluded."${c}"`).join(', ')}`;
}

function statementText(dialect: Dialect, table: string, columns: readonly string[], count: number, onConflict: string): string {
  const key = `${dialect.name}\u0000${table}\u0000${columns.join(',')}\u0000${count}\u0000${onConflict}`;
  let text = texts.get(key);
  if (text !== undefined) return text;
  const width = columns.length;
  const tuples: string[] = new Array(count);
  for (let r = 0; r < count; r++) {
    const marks: string[] = new Array(width);
    for (let c = 0; c < width; c++) marks[c] = dialect.name === 'postgres' ? `$${r * width + c + 1}` : '?';
    tuples[r] = `(${marks.join(', ')})`;
  }
  text = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${tuples.join(', ')}${onConflict ? ` ${onConflict}` : ''}`;
  if (texts.size >= MAX_KEPT) texts.delete(texts.keys().next().value!);
  texts.set(key, text);
  return text;
}
