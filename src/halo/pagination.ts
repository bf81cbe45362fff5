/**
 * Following Halo's pages (`pageinate=true&page_size=N&page_no=N`, halo-api.md §4.2) without ever
 * looping on a broken server (issue 9 §6: 10,000 pages once took 2.8 hours of rate budget).
 *
 * A read ends at `record_count`, on an empty page, or on a bare array (the whole list). It fails
 * with a ShapeError, after the page that proves it, when a page brings nothing new (Halo ignoring
 * `page_no` and sending page 1 again), when far more pages arrive than `record_count` needs, or
 * at the hard cap of `maxPages`. Pages are never counted from page_size arithmetic (HaloAPI #90:
 * the server caps pages silently), only from what actually arrived.
 */
import { ShapeError, type ListPage } from './response-shapes.js';
import type { HaloRecord } from './types.js';

/** Hard cap of pages per list: 1,000 pages = 100,000 records, far past any tenant halo-iac manages. */
export const MAX_PAGES = 1_000;

/** Pages allowed beyond what `record_count` and the first page's length imply (records added meanwhile). */
const SLACK_PAGES = 2;

function idsOf(items: readonly HaloRecord[]): string[] {
  return items.map((r) => String(r.id));
}

/**
 * Reads pages 1, 2, ... through `fetchPage` until the list is complete; see the module comment.
 * `pageSize` is what each page asks for (the catalog's listShapes pageCap: Halo caps pages silently,
 * so asking for more buys nothing); it only words the error at `maxPages`.
 */
export async function readPages(fetchPage: (pageNo: number) => Promise<ListPage>, pageSize: number, maxPages = MAX_PAGES): Promise<HaloRecord[]> {
  const all: HaloRecord[] = [];
  const seen = new Set<string>();
  let previous = '';
  let firstLength = 0;
  for (let pageNo = 1; pageNo <= maxPages; pageNo += 1) {
    const page = await fetchPage(pageNo);
    if (page.bare && pageNo === 1) return page.items;
    if (page.items.length === 0) return all;
    const ids = idsOf(page.items);
    const key = ids.join('\n');
    if (key === previous) {
      throw new ShapeError(`page ${pageNo} repeats the ${ids.length} records of page ${pageNo - 1} (does the server ignore page_no?); stopped after ${pageNo} requests`);
    }
    const fresh = page.items.filter((_, i) => !seen.has(ids[i] as string));
    if (fresh.length === 0) throw new ShapeError(`page ${pageNo} holds only records already read; stopped after ${pageNo} requests`);
    for (const r of fresh) seen.add(String(r.id));
    all.push(...fresh);
    if (page.bare) return all;
    if (pageNo === 1) firstLength = page.items.length;
    if (page.recordCount !== undefined) {
      if (all.length >= page.recordCount) return all;
      const needed = Math.ceil(page.recordCount / firstLength) + SLACK_PAGES;
      if (pageNo >= needed) {
        throw new ShapeError(
          `record_count says ${page.recordCount}, but ${pageNo} pages brought only ${all.length} distinct records; stopped after ${pageNo} requests`,
        );
      }
    }
    previous = key;
  }
  throw new ShapeError(
    `the list did not end after ${maxPages} pages (${all.length} records, the most halo-iac reads from one list at ${pageSize} a page is ${maxPages * pageSize}); stopped so as not to spend the rate budget`,
  );
}
