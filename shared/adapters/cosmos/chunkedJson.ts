import { createHash } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import { StoredDataError } from '../../errors';
import { isNotFound } from './cosmosErrors';

/**
 * Stores one JSON value across several documents so it can exceed Cosmos DB's 2 MB item limit.
 * Parts are written first and the head last, so a reader never sees a half-written value; writing
 * the same value again under the same id is a no-op overwrite (idempotent for retried activities).
 */
const PART_CHARS = 900_000; // well under 2 MB even when every character needs escaping

interface HeadDocument {
  id: string;
  tenantId: string;
  kind: 'chunkedJson';
  partCount: number;
  sha256: string;
}

interface PartDocument {
  id: string;
  tenantId: string;
  kind: 'chunkedJsonPart';
  data: string;
}

export async function putChunkedJson(container: Container, tenantId: string, id: string, value: unknown): Promise<{ bytes: number }> {
  const text = JSON.stringify(value);
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += PART_CHARS) parts.push(text.slice(i, i + PART_CHARS));
  if (parts.length === 0) parts.push('');
  await Promise.all(
    parts.map((data, i) =>
      container.items.upsert<PartDocument>({ id: `${id}:part:${i}`, tenantId, kind: 'chunkedJsonPart', data }),
    ),
  );
  const head: HeadDocument = { id, tenantId, kind: 'chunkedJson', partCount: parts.length, sha256: sha256(text) };
  await container.items.upsert(head);
  return { bytes: Buffer.byteLength(text) };
}

export async function getChunkedJson(container: Container, tenantId: string, id: string): Promise<unknown> {
  let head: HeadDocument | undefined;
  try {
    head = (await container.item(id, tenantId).read<HeadDocument>()).resource;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  if (!head) return undefined;
  const parts = await Promise.all(
    Array.from({ length: head.partCount }, async (_, i) => {
      const { resource } = await container.item(`${id}:part:${i}`, tenantId).read<PartDocument>();
      if (!resource) throw new StoredDataError('chunkedJsonPart', `${id}:part:${i}`);
      return resource.data;
    }),
  );
  const text = parts.join('');
  if (sha256(text) !== head.sha256) throw new StoredDataError('chunkedJson', id);
  return JSON.parse(text) as unknown;
}

export async function deleteChunkedJson(container: Container, tenantId: string, id: string): Promise<void> {
  let head: HeadDocument | undefined;
  try {
    head = (await container.item(id, tenantId).read<HeadDocument>()).resource;
  } catch (error) {
    if (isNotFound(error)) return;
    throw error;
  }
  if (!head) return;
  await ignoreNotFound(container.item(id, tenantId).delete());
  for (let i = 0; i < head.partCount; i++) await ignoreNotFound(container.item(`${id}:part:${i}`, tenantId).delete());
}

async function ignoreNotFound(p: Promise<unknown>): Promise<void> {
  try {
    await p;
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
