/**
 * HTTP entity tags (RFC 9110) over Cosmos DB `_etag` values: sent quoted, and `If-Match` accepts the
 * quoted or bare form, a list, or `*`.
 */
export function toHttpEtag(raw: string): string {
  return raw.startsWith('"') || raw.startsWith('W/') ? raw : `"${raw}"`;
}

const bare = (tag: string): string => tag.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1');

/** Whether an `If-Match` header (absent = no condition) allows acting on the resource at `currentRaw`. */
export function ifMatchAllows(header: string | null, currentRaw: string | undefined): boolean {
  if (header === null || header.trim() === '') return true;
  if (currentRaw === undefined) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => bare(tag) === bare(currentRaw));
}
