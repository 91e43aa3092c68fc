/**
 * Every difference between SQLite and PostgreSQL that the store cares about, named once.
 * Queries elsewhere are written once, in the SQL both understand.
 */
export type DialectName = 'sqlite' | 'postgres';

export interface Dialect {
  name: DialectName;
  /**
   * Bound parameters per statement. SQLite's limit is 32,766 and PostgreSQL's 65,535; staying
   * well under both keeps statements small enough to plan quickly.
   */
  maxBindParams: number;
}

export const DIALECTS: Record<DialectName, Dialect> = {
  sqlite: { name: 'sqlite', maxBindParams: 10_000 },
  postgres: { name: 'postgres', maxBindParams: 10_000 },
};

/** Splits rows so that no statement binds more than the dialect allows. */
export function chunkRows<T>(dialect: Dialect, rows: T[], columnsPerRow: number): T[][] {
  const size = Math.max(1, Math.floor(dialect.maxBindParams / Math.max(1, columnsPerRow)));
  const chunks: T[][] = [];
  for (let i = 0; i < rows.length; i += size) chunks.push(rows.slice(i, i + size));
  return chunks;
}
