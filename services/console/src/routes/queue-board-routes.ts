import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { ProviderQueues } from '@sluice/queues';
import type { Router } from 'express';

/** Where the queue board is mounted; its links and assets are built from this path. */
export const QUEUE_BOARD_PATH = '/admin/queues';

/** bull-board over every configured provider queue (jobs by state, payloads, failures, retry), mounted at QUEUE_BOARD_PATH. */
export function queueBoardRoutes(queues: ProviderQueues, providerIds: readonly string[]): Router {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: providerIds.map((providerId) => new BullMQAdapter(queues.queueFor(providerId))),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Sluice queues' } },
  });
  return serverAdapter.getRouter();
}
