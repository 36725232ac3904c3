import type { ProviderQueues } from '@sluice/queues';
import type { RequestHandler, Router } from 'express';

/** Where the queue board is mounted; its links and assets are built from this path. */
export const QUEUE_BOARD_PATH = '/admin/queues';

/**
 * bull-board over every configured provider queue (jobs by state, payloads, failures, retry), mounted at
 * QUEUE_BOARD_PATH. Its modules (~6 MB of heap) are loaded by the board's first request, not by every gateway.
 */
export function queueBoardRoutes(queues: ProviderQueues, providerIds: readonly string[]): RequestHandler {
  let board: Promise<Router> | undefined;
  return (request, response, next) => {
    board ??= loadQueueBoard(queues, providerIds).catch((error: unknown) => {
      board = undefined;
      throw error;
    });
    board.then((router) => router(request, response, next), next);
  };
}

async function loadQueueBoard(queues: ProviderQueues, providerIds: readonly string[]): Promise<Router> {
  const [{ createBullBoard }, { BullMQAdapter }, { ExpressAdapter }] = await Promise.all([
    import('@bull-board/api'),
    import('@bull-board/api/bullMQAdapter'),
    import('@bull-board/express'),
  ]);
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: providerIds.map((providerId) => new BullMQAdapter(queues.queueFor(providerId))),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Sluice queues' } },
  });
  return serverAdapter.getRouter();
}
