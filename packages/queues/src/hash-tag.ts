/**
 * Marks the part of a Redis key that picks its cluster slot. On a cluster it wraps the part in braces, so every key
 * of one logical thing (one job, one key's budget, one breaker) lands on one slot and its scripts and MULTIs stay
 * atomic; on one server it returns the part unchanged, so the key names stay as they were (docs/redis-cluster.md).
 */
export type HashTag = (part: string) => string;

export const clusterHashTag: HashTag = (part) => `{${part}}`;

export const noHashTag: HashTag = (part) => part;
