import { afterAll } from 'vitest';
import { restoreSdkStubs } from './restore-sdk-stubs.js';

// The 'isolated' project's setup file (vitest.config.ts): each of its test files leaves the SDK clients as it found them.
afterAll(restoreSdkStubs);
