/** A scored id from one scope partition, before the store attaches its payload. */
export interface PartitionMatch {
  id: string;
  score: number;
}

/** Whether a record id may be returned (it is live, not expired). */
export type AcceptId = (id: string) => boolean;

/** Best first; equal scores by id, so results are deterministic. */
export function byScoreThenId(left: PartitionMatch, right: PartitionMatch): number {
  return right.score - left.score || (left.id < right.id ? -1 : left.id > right.id ? 1 : 0);
}
