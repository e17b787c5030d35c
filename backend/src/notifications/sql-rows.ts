/** TypeORM returns rows for SELECT/INSERT but [rows, count] for UPDATE/DELETE … RETURNING on PostgreSQL. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}
