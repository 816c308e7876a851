/** A LIKE pattern matching `text` anywhere, lowercased, with `%`, `_` and `\\` taken literally (use with `escape '\\'`). */
export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
