/** True when an `If-Match` header value names `etag` (or is `*`), weak or strong. */
export function matchesEtag(ifMatch: string, etag: string): boolean {
  return ifMatch
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}
