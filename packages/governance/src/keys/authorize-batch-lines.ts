import { type BatchEndpoint, checkBatchLine, type FileStore, readLines } from '@sluice/batches';
import type { GatewayConfig } from '@sluice/config';
import { PermissionError } from '@sluice/errors';
import { authorizeRoute } from './authorize-route';
import type { VirtualKey } from './virtual-key-schemas';

export interface BatchAuthorization {
  fileId: string;
  endpoint: BatchEndpoint;
  config: GatewayConfig;
  maxLineChars: number;
}

/**
 * Applies a restricted virtual key's `allowed_models`, `allowed_configs` and default `config` to every line of a
 * batch before it is accepted: one line the key may not run makes the batch a 403 naming that line (lines that are
 * invalid anyway are left to the error file). Returns the config header the lines route by: the request's own, or
 * the key's default config.
 */
export async function authorizeBatchLines(
  record: VirtualKey | undefined,
  header: string | undefined,
  files: FileStore,
  batch: BatchAuthorization,
): Promise<string | undefined> {
  if (!record || (record.allowedModels.length === 0 && record.allowedConfigs.length === 0 && record.config === null))
    return header;
  for await (const line of readLines(files.chunks(batch.fileId), batch.maxLineChars)) {
    const checked = checkBatchLine(line, batch.endpoint, batch.maxLineChars);
    if (!checked.ok) continue;
    try {
      authorizeRoute(record, { model: checked.model, configHeader: header }, batch.config);
    } catch (error) {
      if (error instanceof PermissionError)
        throw new PermissionError(`input file line ${line.number}: ${error.message}`, { relayed: error.code });
      throw error;
    }
  }
  return header ?? record.config ?? undefined;
}
