import { describe, expect, it } from 'vitest';
import { KeyedMutex, mapLimit } from '../../src/core/concurrency.js';
import { Rollback } from '../../src/core/rollback.js';

describe('Function: mapLimit', () => {
  it('never runs more than the limit at once and keeps the order', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapLimit([1, 2, 3, 4, 5, 6], 2, async (item) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      return item * 10;
    });
    expect(results).toEqual([10, 20, 30, 40, 50, 60]);
    expect(peak).toBe(2);
  });
});

describe('Class: KeyedMutex', () => {
  it('runs work on the same key one at a time', async () => {
    const mutex = new KeyedMutex();
    const order: string[] = [];
    const work = (label: string) => async () => {
      order.push(`${label}:start`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      order.push(`${label}:end`);
    };
    await Promise.all([mutex.run('pr-1', work('a')), mutex.run('pr-1', work('b'))]);
    expect(order).toEqual(['a:start', 'a:end', 'b:start', 'b:end']);
  });

  it('lets different keys run together', async () => {
    const mutex = new KeyedMutex();
    const order: string[] = [];
    const work = (label: string) => async () => {
      order.push(`${label}:start`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      order.push(`${label}:end`);
    };
    await Promise.all([mutex.run('pr-1', work('a')), mutex.run('pr-2', work('b'))]);
    expect(order.slice(0, 2)).toEqual(['a:start', 'b:start']);
  });

  it('releases the key when the work throws', async () => {
    const mutex = new KeyedMutex();
    await expect(mutex.run('pr-1', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(mutex.run('pr-1', async () => 'next')).resolves.toBe('next');
  });
});

describe('Class: KeyedMutex — Method: runAll', () => {
  it('waits for the work on any of its keys and holds them all while it runs', async () => {
    const mutex = new KeyedMutex();
    const order: string[] = [];
    const work = (label: string) => async () => {
      order.push(`${label}:start`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      order.push(`${label}:end`);
    };

    await Promise.all([mutex.run('pr-2', work('extend')), mutex.runAll(['pr-2', 'pr-1'], work('sweep')), mutex.run('pr-1', work('destroy'))]);

    expect(order).toEqual(['extend:start', 'extend:end', 'sweep:start', 'sweep:end', 'destroy:start', 'destroy:end']);
  });

  it('runs the work at once when there are no keys', async () => {
    await expect(new KeyedMutex().runAll([], async () => 'done')).resolves.toBe('done');
  });
});

describe('Class: Rollback', () => {
  it('undoes newest first and keeps going past a failing step', async () => {
    const rollback = new Rollback();
    const undone: string[] = [];
    rollback.add('dns', async () => void undone.push('dns'));
    rollback.add('rule', () => Promise.reject(new Error('stuck')));
    rollback.add('service', async () => void undone.push('service'));
    const failures = await rollback.run();
    expect(undone).toEqual(['service', 'dns']);
    expect(failures.map((failure) => failure.what)).toEqual(['rule']);
  });

  it('gives the guards back last, and only when every other step was undone', async () => {
    const undo = async (failing: string | undefined) => {
      const rollback = new Rollback();
      const undone: string[] = [];
      rollback.addGuard('claim', async () => void undone.push('claim'));
      rollback.add('rule', async () => (failing === 'rule' ? Promise.reject(new Error('stuck')) : void undone.push('rule')));
      rollback.add('service', async () => void undone.push('service'));
      return { undone, left: (await rollback.run()).map(({ what, error }) => ({ what, failed: error !== undefined })) };
    };

    expect(await undo(undefined)).toEqual({ undone: ['service', 'rule', 'claim'], left: [] });
    expect(await undo('rule')).toEqual({
      undone: ['service'],
      left: [
        { what: 'rule', failed: true },
        { what: 'claim', failed: false },
      ],
    });
  });
});
