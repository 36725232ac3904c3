import type { MediaKind } from './media-upload';
import type { MediaUploadRules } from './read-media-upload';

/** Audio formats OpenAI's transcription and translation endpoints take. */
const AUDIO_EXTENSIONS = ['flac', 'mp3', 'mp4', 'mpeg', 'mpga', 'm4a', 'ogg', 'oga', 'wav', 'webm'];
/** Image formats OpenAI's edit and variation endpoints take. */
const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'webp'];

export type MultipartMediaKind = Extract<MediaKind, 'image_edit' | 'image_variation' | 'transcription' | 'translation'>;

/** What each multipart media endpoint's form must carry. */
export function mediaUploadRules(kind: MultipartMediaKind, maxBytes: number): MediaUploadRules {
  switch (kind) {
    case 'transcription':
      return { purpose: 'an audio transcription', fileFields: ['file'], extensions: AUDIO_EXTENSIONS, maxBytes };
    case 'translation':
      return { purpose: 'an audio translation', fileFields: ['file'], extensions: AUDIO_EXTENSIONS, maxBytes };
    case 'image_edit':
      return { purpose: 'an image edit', fileFields: ['image', 'mask'], extensions: IMAGE_EXTENSIONS, maxBytes };
    case 'image_variation':
      return { purpose: 'an image variation', fileFields: ['image'], extensions: IMAGE_EXTENSIONS, maxBytes };
  }
}
