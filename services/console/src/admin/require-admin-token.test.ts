import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { SluiceError } from '@sluice/errors';
import express, { type ErrorRequestHandler } from 'express';
import { requireAdminToken } from './require-admin-token';

describe('requireAdminToken, mounted at /admin', () => {
  let origin: string;
  let close: () => void;
  let open = false;

  before(async () => {
    const app = express();
    app.use(
      '/admin',
      requireAdminToken({ adminToken: 'admin-token', isOpen: () => open, queueBoardPath: '/admin/queues' }),
    );
    app.use((_request, response) => void response.json({ passed: true }));
    const answerError: ErrorRequestHandler = (error: unknown, _request, response, _next) => {
      response.status(error instanceof SluiceError ? error.status : 500).json({ refused: true });
    };
    app.use(answerError);
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  after(() => close());

  const get = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${origin}${path}`, { headers, redirect: 'manual' });
    return { status: response.status, location: response.headers.get('location') };
  };
  const browser = { accept: 'text/html' };

  test('a browser without a session opening the queue board is sent to the sign-in form; the admin API refuses it', async () => {
    open = false;
    assert.deepEqual(await get('/admin/queues', browser), { status: 302, location: '/?next=%2Fadmin%2Fqueues' });
    assert.deepEqual(await get('/admin/queues/api/queues', browser), {
      status: 302,
      location: '/?next=%2Fadmin%2Fqueues',
    });
    assert.deepEqual(await get('/admin/configs', browser), { status: 401, location: null });
    assert.deepEqual(await get('/admin/queues', { authorization: 'Bearer admin-token' }), {
      status: 200,
      location: null,
    });
  });

  test('an open gateway opens the queue board, not the admin API', async () => {
    open = true;
    assert.equal((await get('/admin/queues/api/queues')).status, 200);
    assert.equal((await get('/admin/configs')).status, 401);
  });
});
