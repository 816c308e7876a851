export interface SortTerm<Column extends string> {
  column: Column;
  direction: 'asc' | 'desc';
}

/**
 * Parses `-created_at,name` into sort terms. The spec's pattern has already allow-listed the names;
 * `id` always ends the list so that pages are stable, in the direction of the first term so that an
 * index on (column, id) serves the order either way.
 */
export function parseSort<Column extends string>(sort: string | undefined, idColumn: Column): SortTerm<Column>[] {
  const terms: SortTerm<Column>[] = [];
  for (const part of (sort ?? '').split(',').filter(Boolean)) {
    const descending = part.startsWith('-');
    const column = (descending ? part.slice(1) : part) as Column;
    if (terms.some((t) => t.column === column)) continue;
    terms.push({ column, direction: descending ? 'desc' : 'asc' });
  }
  if (!terms.some((t) => t.column === idColumn)) terms.push({ column: idColumn, direction: terms[0]?.direction ?? 'asc' });
  return terms;
}
