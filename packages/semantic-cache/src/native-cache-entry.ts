import { z } from 'zod';

/**
 * What the cache keeps of an answer forwarded as it came: the provider's answer as the client received it (the JSON
 * body, or the stream's server-sent event text), and its canonical ChatCompletion, which the log and cost read on a hit.
 */
const NativeCacheEntrySchema = z.object({
  native: z.string(),
  completion: z.looseObject({ object: z.literal('chat.completion'), choices: z.array(z.unknown()).min(1) }),
});
export type NativeCacheEntry = z.infer<typeof NativeCacheEntrySchema>;

export function nativeCacheEntryText(native: string, completionJson: string): string {
  return `{"native":${JSON.stringify(native)},"completion":${completionJson}}`;
}

/** The entry stored as text, or undefined when it is not one (never served). */
export function readNativeCacheEntry(text: string): NativeCacheEntry | undefined {
  try {
    const parsed = NativeCacheEntrySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
