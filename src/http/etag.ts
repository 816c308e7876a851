/** The ETag of a versioned row (users, categories, products, orders). */
export function versionEtag(row: { version: number }): string {
  return `"${row.version}"`;
}

/** True when an `If-Match` header names `etag` or is `*`. Strong comparison (RFC 9110): a weak tag never matches. */
export function matchesEtag(ifMatch: string, etag: string): boolean {
  return ifMatch
    .split(',')
    .map((tag) => tag.trim())
    .some((tag) => tag === '*' || tag === etag);
}
