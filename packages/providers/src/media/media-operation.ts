/** The path, under an OpenAI-compatible base URL or an Azure deployment, of each media endpoint. */
export const MEDIA_OPERATIONS = {
  image_generation: 'images/generations',
  image_edit: 'images/edits',
  image_variation: 'images/variations',
  speech: 'audio/speech',
  transcription: 'audio/transcriptions',
  translation: 'audio/translations',
} as const;

export type MediaOperation = (typeof MEDIA_OPERATIONS)[keyof typeof MEDIA_OPERATIONS];
