export { readApiSettings, type ApiSettings } from './api-settings.js';
export { createApp, type AppOptions, type DevenvApp } from './app.js';
export type { AppEnv, LambdaBindings } from './app-env.js';
export { createLambdaHandler, type LambdaHandler } from './lambda.js';
export { generateApiToken, startLocalServer, type LocalServer, type LocalServerOptions } from './local-server.js';
export type { Problem } from './problem.js';
