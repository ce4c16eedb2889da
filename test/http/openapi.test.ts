import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_WAIT_SECONDS } from '../../src/http/schemas.js';
import { testApi } from './fixtures.js';

const VALIDATOR = 'openapi-spec-validator';
const validatorFound = spawnSync(VALIDATOR, ['--help'], { stdio: 'ignore' }).status === 0;
if (!validatorFound) console.warn(`skipping the OpenAPI validation test: ${VALIDATOR} is not on PATH (pip install openapi-spec-validator)`);

const work = mkdtempSync(join(tmpdir(), 'devenv-openapi-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function fetchDocument() {
  const api = await testApi();
  const res = await api.call('GET', '/openapi.json');
  expect(res.status).toBe(200);
  return res.json();
}

describe('Route: GET /openapi.json', () => {
  it.skipIf(!validatorFound)(`is a valid OpenAPI 3.1 document according to ${VALIDATOR}`, async () => {
    const document = await fetchDocument();
    const file = join(work, 'openapi.json');
    writeFileSync(file, JSON.stringify(document));

    const result = spawnSync(VALIDATOR, ['--schema', '3.1', file], { encoding: 'utf8' });

    expect(result.stdout + result.stderr).toContain('OK');
    expect(result.status).toBe(0);
  });

  it('documents every route, with bearer security on the /v1 ones', async () => {
    const document = await fetchDocument();

    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths).sort()).toEqual(['/healthz', '/v1/environments', '/v1/environments/{name}', '/v1/environments/{name}/extend']);
    expect(document.paths['/v1/environments/{name}'].put.security).toEqual([{ bearer: [] }]);
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('is generated from the request schemas: strict bodies, the wait bound and problem responses', async () => {
    const document = await fetchDocument();
    const put = document.paths['/v1/environments/{name}'].put;

    expect(document.components.schemas.PutEnvironmentRequest).toMatchObject({ additionalProperties: false, required: ['app'] });
    expect(document.components.schemas.ExtendRequest).toMatchObject({ additionalProperties: false });
    expect(put.parameters).toContainEqual(expect.objectContaining({ name: 'wait', in: 'query', schema: expect.objectContaining({ type: 'integer', maximum: MAX_WAIT_SECONDS }) }));
    expect(Object.keys(put.responses)).toEqual(expect.arrayContaining(['200', '201', '202', '400', '401', '403', '409', '413', '415', '422', '429', '502']));
    expect(put.responses['429'].content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
  });
});
