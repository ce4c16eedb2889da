import type { Logger } from '../observability/logger.js';

/**
 * A Lambda function's init, started at the cold start and shared by its invocations. A failed build is logged and
 * forgotten, so the next invocation builds again: a failure that may pass (the secret's read throttled once, a network
 * blip) must not fail every invocation of a warm instance until Lambda recycles it.
 *
 * @example
 * const app = lambdaInit(() => buildApp(process.env), logger, 'api init failed');
 * export const handler = async (event) => (await app())(event);
 */
export function lambdaInit<T>(build: () => Promise<T>, logger: Pick<Logger, 'error'>, failure: string): () => Promise<T> {
  let ready: Promise<T> | undefined;
  const init = (): Promise<T> => {
    ready ??= build().catch((error: unknown) => {
      ready = undefined;
      logger.error(failure, { error });
      throw error;
    });
    return ready;
  };
  init().catch(() => undefined); // at the cold start; a failure is logged above and met again by the invocation
  return init;
}
