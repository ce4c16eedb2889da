import { describe, expect, it } from 'vitest';
import { quietLogger } from '../slack/fixtures.js';
import { buildSlackReceiver } from '../../src/runtime/slack-receiver.js';
import { LAMBDA_DEVENV_CONFIG } from '../support/lambda.js';

describe('Function: buildSlackReceiver', () => {
  it('refuses to start without DEVENV_LOCK_TABLE, naming it: replays would reach other instances unchecked', () => {
    // Prepare
    const env = { DEVENV_CONFIG: LAMBDA_DEVENV_CONFIG, SLACK_SIGNING_SECRET: 'secret', DEVENV_SLACK_WORKER_FUNCTION: 'devenv-slack-worker' };

    // Act
    const build = () => buildSlackReceiver(env, quietLogger());

    // Assess
    expect(build).toThrow(/DEVENV_LOCK_TABLE is required/);
    expect(() => buildSlackReceiver({ ...env, DEVENV_LOCK_TABLE: 'devenv-locks' }, quietLogger())).not.toThrow();
  });
});
