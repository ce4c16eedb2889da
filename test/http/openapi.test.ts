import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { maxEnvironmentNameLength } from '../../src/core/names.js';
import { PROBLEMS, problemType } from '../../src/contract/problem-types.js';
import { MAX_CONTAINERS, MAX_VARIABLES_PER_CONTAINER } from '../../src/contract/requests.js';
import { MAX_WAIT_SECONDS } from '../../src/http/parameter-schemas.js';
import { testApi } from './fixtures.js';

const VALIDATOR = 'openapi-spec-validator';
const INSTALL = 'pip install openapi-spec-validator';
const validatorFound = spawnSync(VALIDATOR, ['--help'], { stdio: 'ignore' }).status === 0;
/** In CI a missing validator is a broken pipeline, not a reason to skip; on a laptop it is a loud skip. */
const inCi = process.env.CI === 'true';
if (!validatorFound && !inCi) console.warn(`SKIPPING the OpenAPI 3.1 validation test: ${VALIDATOR} is not on PATH. Install it: ${INSTALL}`);

const work = mkdtempSync(join(tmpdir(), 'devenv-openapi-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function fetchDocument() {
  const api = await testApi();
  const res = await api.call('GET', '/openapi.json');
  expect(res.status).toBe(200);
  return res.json();
}

describe('Route: GET /openapi.json', () => {
  it.skipIf(!validatorFound && !inCi)(`is a valid OpenAPI 3.1 document according to ${VALIDATOR}`, async () => {
    if (!validatorFound) throw new Error(`${VALIDATOR} is not on PATH, and CI=true requires it: ${INSTALL}`);
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
    expect(Object.keys(document.paths).sort()).toEqual([
      '/healthz',
      '/v1/environments',
      '/v1/environments/{name}',
      '/v1/environments/{name}/extend',
      '/v1/environments/{name}/repair',
      '/v1/sweep',
    ]);
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

  it('documents the degraded status with its missing parts, and the repair route', async () => {
    const document = await fetchDocument();

    expect(document.components.schemas.EnvironmentStatus.enum).toContain('degraded');
    expect(document.components.schemas.Environment.properties.missing.items).toEqual({ $ref: '#/components/schemas/MissingPart' });
    expect(document.components.schemas.MissingPart.properties.part.enum).toEqual(['target-group', 'listener-rule', 'dns-record']);
    expect(document.paths['/v1/environments/{name}/repair'].post.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/RepairResponse',
    });
  });

  it('shows the name rules: a lowercase DNS label that fits under the base domain', async () => {
    const document = await fetchDocument();
    const name = document.paths['/v1/environments/{name}'].get.parameters.find((parameter: { name: string }) => parameter.name === 'name');

    expect(name.schema).toMatchObject({ type: 'string', minLength: 1, maxLength: maxEnvironmentNameLength('dev.example.com'), pattern: expect.any(String) });
    expect(new RegExp(name.schema.pattern).test('pr-42')).toBe(true);
    expect(new RegExp(name.schema.pattern).test('PR_42')).toBe(false);
  });

  it('shows the body rules the engine enforces: ttl syntax, image references and variable names', async () => {
    const document = await fetchDocument();
    const put = document.components.schemas.PutEnvironmentRequest;

    expect(new RegExp(put.properties.ttl.pattern).test('48h')).toBe(true);
    expect(new RegExp(put.properties.ttl.pattern).test('2 days')).toBe(false);
    expect(new RegExp(put.properties.images.additionalProperties.pattern).test('repo/web:3f2a1c9')).toBe(true);
    expect(new RegExp(put.properties.images.additionalProperties.pattern).test('repo/web:1 --privileged')).toBe(false);
    const variables = put.properties.environment.additionalProperties;
    expect(new RegExp(variables.propertyNames.pattern).test('LOG_LEVEL')).toBe(true);
    expect(new RegExp(variables.propertyNames.pattern).test('LOG-LEVEL')).toBe(false);
  });

  it('shows how many containers and variables a PUT may carry', async () => {
    const document = await fetchDocument();
    const put = document.components.schemas.PutEnvironmentRequest;

    expect(put.properties.images.maxProperties).toBe(MAX_CONTAINERS);
    expect(put.properties.environment.maxProperties).toBe(MAX_CONTAINERS);
    expect(put.properties.environment.additionalProperties.maxProperties).toBe(MAX_VARIABLES_PER_CONTAINER);
  });

  it('accepts no labels from callers: the server sets them', async () => {
    const document = await fetchDocument();

    expect(Object.keys(document.components.schemas.PutEnvironmentRequest.properties)).toEqual(['app', 'ttl', 'images', 'environment']);
  });

  it('lists every problem type as a urn:devenv:problem: URN', async () => {
    const document = await fetchDocument();

    expect(document.components.schemas.Problem.properties.type.enum).toEqual(Object.keys(PROBLEMS).map((kind) => problemType(kind as keyof typeof PROBLEMS)));
  });
});
