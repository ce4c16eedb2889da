import { expect } from 'vitest';
import type { TestApi } from '../http/fixtures.js';

/** Creates `name` through the API as the caller `token`, and checks it was created. */
export async function createAs(api: TestApi, token: string, name = 'pr-42') {
  const res = await api.call('PUT', `/v1/environments/${name}?wait=60`, { token, body: { app: 'web' } });
  expect(res.status).toBe(201);
}
