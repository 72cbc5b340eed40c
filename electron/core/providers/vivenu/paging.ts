import { ProviderProtocolError } from '../provider.js';

export interface Page<T> {
  items: T[];
  total: number;
}

/**
 * Reads a `top`/`skip` list to its end: until `total` items are in, or a page comes back empty (a list
 * that shrank while being read). More than `maxPages` pages is a protocol error, so a server whose `total`
 * keeps growing cannot hold the kiosk in a loop.
 */
export async function readAllPages<T>(
  fetchPage: (skip: number) => Promise<Page<T>>,
  maxPages: number,
  label: string,
): Promise<T[]> {
  const all: T[] = [];
  for (let page = 0; page < maxPages; page++) {
    const { items, total } = await fetchPage(all.length);
    all.push(...items);
    if (items.length === 0 || all.length >= total) return all;
  }
  throw new ProviderProtocolError(`${label}: more than ${maxPages} pages`);
}
