import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Engine } from '../core/engine.js';
import { createLogger, type Logger } from '../observability/logger.js';
import { createApp, type AppOptions } from './app.js';
import { createAuthenticator } from './auth/authenticator.js';
import { answerClientErrors } from './client-error.js';
import type { AuthConfig } from './auth/config.js';
import { hashToken } from './auth/static-tokens.js';

export interface LocalServerOptions {
  engine: Engine;
  /** 8787 unless given; 0 picks a free port. */
  port?: number;
  /** Loopback only unless told otherwise. */
  hostname?: string;
  /** Callers from the environment (`readAuthConfig`); the generated admin token is added to them. */
  authConfig?: AuthConfig;
  /** Generate an admin token for this process and print it once: for the simulated cloud only. */
  generateAdminToken?: boolean;
  /** Shown in the banner: `simulated cloud` or `AWS`. */
  mode?: 'aws' | 'simulated';
  logger?: Logger;
  /** Printed under the banner's first line, indented: what a newcomer should know about this run. */
  notes?: readonly string[];
  /** Where the banner goes; stdout by default. */
  print?: (line: string) => void;
  app?: Omit<AppOptions, 'engine' | 'authenticator' | 'logger'>;
  /** Other doors served on the same port (the Slack endpoint): a response, or undefined to leave the request to the API. */
  routes?: (request: Request) => Promise<Response | undefined>;
  /** Run on close, before the server stops (the Slack worker's jobs finish and post to it). */
  onClose?: () => Promise<void>;
}

export interface LocalServer {
  url: string;
  /** The generated admin token, when one was asked for. */
  adminToken?: string;
  close(): Promise<void>;
}

const LOCAL_ADMIN_OWNER = 'local-admin';

/** An API token: `devenv_` and 256 random bits, base64url (no dots, so never mistaken for a JWT). */
export function generateApiToken(): string {
  return `devenv_${randomBytes(32).toString('base64url')}`;
}

/**
 * Serves the API with `@hono/node-server`, prints its address (and, for the simulated cloud, a working admin token),
 * and resolves once it listens.
 *
 * @example
 * const { engine } = createLocalEngine();
 * const server = await startLocalServer({ engine, port: 0, generateAdminToken: true });
 * await fetch(`${server.url}/v1/environments`, { headers: { authorization: `Bearer ${server.adminToken}` } });
 * await server.close();
 */
export async function startLocalServer({
  engine,
  port = 8787,
  hostname = '127.0.0.1',
  authConfig = { tokens: [] },
  generateAdminToken = false,
  mode,
  notes = [],
  logger = createLogger({ service: 'devenv-api' }),
  print = (line: string) => process.stdout.write(`${line}\n`),
  app: appOptions = {},
  routes,
  onClose,
}: LocalServerOptions): Promise<LocalServer> {
  const adminToken = generateAdminToken ? generateApiToken() : undefined;
  const tokens = adminToken ? [...authConfig.tokens, { sha256: hashToken(adminToken), owner: LOCAL_ADMIN_OWNER, role: 'admin' as const }] : authConfig.tokens;
  const authenticator = createAuthenticator({ config: { ...authConfig, tokens } });
  const app = createApp({ ...appOptions, engine, authenticator, logger });

  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const fetch = routes ? async (request: Request) => (await routes(request)) ?? app.fetch(request) : app.fetch;
    const started = serve({ fetch, port, hostname }, () => resolve(started));
    started.once('error', reject);
  });
  answerClientErrors(server as Server, logger);
  const address = server.address() as AddressInfo;
  // Listening on every interface (HOST=0.0.0.0): the address to reach it from here is loopback, which the CLI also
  // lets a token travel to in clear text.
  const reachable = address.address === '0.0.0.0' ? '127.0.0.1' : address.address === '::' ? '::1' : address.address;
  const host = address.family === 'IPv6' ? `[${reachable}]` : reachable;
  const url = `http://${host}:${address.port}`;

  print(`devenv API on ${url}${mode ? ` (${mode === 'simulated' ? 'simulated cloud' : 'AWS'})` : ''}; apps: ${Object.keys(engine.config.apps).join(', ')}`);
  for (const note of notes) print(`  ${note}`);
  if (adminToken) {
    print('Admin token for this process (shown once):');
    print(`  export DEVENV_URL=${url} DEVENV_TOKEN=${adminToken}`);
    print(`  curl -H "Authorization: Bearer $DEVENV_TOKEN" $DEVENV_URL/v1/environments`);
  }

  return {
    url,
    ...(adminToken ? { adminToken } : {}),
    close: async () => {
      // The jobs first: they post their results back to this server's response_url stand-in.
      await onClose?.();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive connections would hold close() open until they time out.
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
    },
  };
}
