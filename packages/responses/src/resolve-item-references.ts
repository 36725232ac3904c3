import { InvalidRequestError } from '@sluice/errors';
import type { InputItem } from '@sluice/providers';
import type { ResponseStore } from './response-store';

/**
 * Input items with each `item_reference` replaced by the stored item it names (an input or output item of a
 * response the same key stored); a reference to nothing visible is a 400 naming it.
 */
export async function resolveItemReferences(
  items: InputItem[],
  store: ResponseStore,
  scope: string | undefined,
): Promise<InputItem[]> {
  const ids = items.flatMap((item) => (isItemReference(item) && typeof item.id === 'string' ? [item.id] : []));
  if (ids.length === 0) return items;
  const found = await store.items(ids, scope);
  return items.map((item, index) => {
    if (!isItemReference(item)) return item;
    const resolved = typeof item.id === 'string' ? found.get(item.id) : undefined;
    if (!resolved)
      throw new InvalidRequestError(`Item with id '${String(item.id)}' not found.`, { param: `input.${index}.id` });
    return resolved;
  });
}

/** Whether the item names a stored one (`item_reference`), which resolveItemReferences replaces. */
export function isItemReference(item: InputItem): boolean {
  return item.type === 'item_reference';
}
