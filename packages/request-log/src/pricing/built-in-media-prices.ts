/**
 * USD prices of the images and audio endpoints (docs/images-and-audio.md, "Cost"), standard tier, checked on
 * MEDIA_PRICING_AS_OF.
 *
 * Sources:
 * - OpenAI: https://developers.openai.com/api/docs/pricing (sections "Image generation", "Transcription and speech
 *   generation") and https://developers.openai.com/api/docs/guides/image-generation#size-and-quality-options.
 *   gpt-image-1's per-image table was cross-checked against a third-party table citing that page.
 * Entries marked `unverified` come from the provider's page as last read before this date and could not be re-read
 * offline; correct them in the table if the provider has changed them.
 */
export const MEDIA_PRICING_AS_OF = '2026-12-06';

/** How one model's images or audio are billed. */
export interface MediaPrice {
  /** USD per image by quality, then by size; `*` matches any size. */
  per_image?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** The size and quality a request that names none (or `auto`) is billed at. */
  default_size?: string;
  default_quality?: string;
  /** USD per minute of audio transcribed or translated. */
  per_audio_minute?: number;
  /** USD per 1M characters of speech input. */
  per_million_characters?: number;
}

const gptImage1: MediaPrice = {
  per_image: {
    low: { '1024x1024': 0.011, '1024x1536': 0.016, '1536x1024': 0.016 },
    medium: { '1024x1024': 0.042, '1024x1536': 0.063, '1536x1024': 0.063 },
    high: { '1024x1024': 0.167, '1024x1536': 0.25, '1536x1024': 0.25 },
  },
  default_size: '1024x1024',
  default_quality: 'high',
};

/** Keys are canonical model names, as in the token table (dated snapshots resolve to them). */
export const BUILT_IN_MEDIA_PRICES: Readonly<Record<string, MediaPrice>> = {
  // Images
  'dall-e-3': {
    per_image: {
      standard: { '1024x1024': 0.04, '1024x1792': 0.08, '1792x1024': 0.08 },
      hd: { '1024x1024': 0.08, '1024x1792': 0.12, '1792x1024': 0.12 },
    },
    default_size: '1024x1024',
    default_quality: 'standard',
  }, // unverified
  'dall-e-2': {
    per_image: { standard: { '256x256': 0.016, '512x512': 0.018, '1024x1024': 0.02 } },
    default_size: '1024x1024',
    default_quality: 'standard',
  }, // unverified
  'gpt-image-1': gptImage1,
  'gpt-image-1-mini': {
    per_image: {
      low: { '1024x1024': 0.005, '1024x1536': 0.006, '1536x1024': 0.006 },
      medium: { '1024x1024': 0.011, '1024x1536': 0.015, '1536x1024': 0.015 },
      high: { '1024x1024': 0.036, '1024x1536': 0.052, '1536x1024': 0.052 },
    },
    default_size: '1024x1024',
    default_quality: 'high',
  }, // unverified
  // Transcription and translation
  'whisper-1': { per_audio_minute: 0.006 }, // unverified
  'gpt-4o-transcribe': { per_audio_minute: 0.006 }, // unverified: the page's estimate for a token-billed model
  'gpt-4o-mini-transcribe': { per_audio_minute: 0.003 }, // unverified: the page's estimate for a token-billed model
  // Speech
  'tts-1': { per_million_characters: 15 }, // unverified
  'tts-1-hd': { per_million_characters: 30 }, // unverified
};
