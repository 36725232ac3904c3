/** Turns texts into vectors of one model's space. */
export interface Embedder {
  /** Names the model (its vector space): vectors of different ids are never compared. Safe in a collection name. */
  readonly id: string;
  readonly dimensions: number;
  /** One vector per text, in order. */
  embed(texts: readonly string[]): Promise<number[][]>;
}

/** A function that embeds texts, such as Sluice's provider layer calling the configured `embeddings` target. */
export type EmbedTexts = (texts: string[]) => Promise<number[][]>;
