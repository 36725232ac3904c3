import type { InputItem } from '@sluice/providers';
import type { StoredResponse } from './response-store';

/** GET /v1/responses/{id}/input_items: newest first by default, `after` an item's id, at most `limit`. */
export function inputItemsPage(
  stored: StoredResponse,
  query: { order: 'asc' | 'desc'; limit: number; after?: string | undefined },
): { items: (InputItem & { id: string })[]; hasMore: boolean } {
  const ordered = query.order === 'asc' ? stored.inputItems : [...stored.inputItems].reverse();
  const start = query.after === undefined ? 0 : ordered.findIndex((item) => idOf(item) === query.after) + 1;
  const items = ordered.slice(start, start + query.limit) as (InputItem & { id: string })[];
  return { items, hasMore: start + query.limit < ordered.length };
}

function idOf(item: InputItem): string | undefined {
  return typeof item.id === 'string' ? item.id : undefined;
}
