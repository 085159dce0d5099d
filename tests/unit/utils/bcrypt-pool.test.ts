import { Worker } from 'node:worker_threads';

import bcrypt from 'bcryptjs';

import { createBcryptPool } from '../../../server/src/utils/bcrypt-pool';

describe('bcrypt worker pool', () => {
  const pool = createBcryptPool(2);
  afterAll(() => pool.close());

  test('Given a password, Then its hash is a bcrypt hash that bcryptjs itself accepts', async () => {
    const hash = await pool.hash('pool-password-1', 4);

    expect(hash).toMatch(/^\$2[aby]\$04\$.{53}$/);
    expect(bcrypt.compareSync('pool-password-1', hash)).toBe(true);
  });

  test('Then compare tells the right password from a wrong one, many at once', async () => {
    const hash = bcrypt.hashSync('pool-password-2', 4);

    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => pool.compare(i % 2 ? 'pool-password-2' : 'wrong', hash))
    );

    expect(results).toEqual(Array.from({ length: 10 }, (_, i) => i % 2 === 1));
  });

  test('Given a malformed hash, Then compare answers false instead of hanging', async () => {
    await expect(pool.compare('x', 'not-a-hash')).resolves.toBe(false);
  });

  // The main thread's bcryptjs is the module every require of it in this test's registry shares,
  // the pool's included; the workers load their own copy, outside it. So a call on the main thread
  // shows up on these spies, and a job run by a worker shows up as a message posted to it.
  test('Then hashing and comparing run in the workers, never on the main thread', async () => {
    const mainThread = (['hash', 'hashSync', 'compare', 'compareSync'] as const).map((name) =>
      jest.spyOn(bcrypt, name)
    );
    const posted = jest.spyOn(Worker.prototype, 'postMessage');
    try {
      const hash = await pool.hash('pool-password-3', 4);
      const results = await Promise.all([
        pool.compare('pool-password-3', hash),
        pool.compare('wrong', hash),
      ]);

      expect(results).toEqual([true, false]);
      expect(mainThread.map((spy) => spy.mock.calls.length)).toEqual([0, 0, 0, 0]);
      const jobs = posted.mock.calls.map(
        ([message]) => (message as { operation: string }).operation
      );
      expect(jobs).toEqual(['hash', 'compare', 'compare']);
    } finally {
      for (const spy of [...mainThread, posted]) spy.mockRestore();
    }
  });
});
