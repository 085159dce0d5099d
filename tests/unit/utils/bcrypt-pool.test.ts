import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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

describe('bcrypt worker pool, its threads', () => {
  /** Runs `work` on a fresh pool and tells which worker each job was posted to. */
  const observe = async (
    pool: ReturnType<typeof createBcryptPool>,
    work: () => Promise<unknown>
  ) => {
    const posted = jest.spyOn(Worker.prototype, 'postMessage');
    try {
      await work();
      return posted.mock.contexts as Worker[];
    } finally {
      posted.mockRestore();
      await pool.close();
    }
  };
  const hashes = (pool: ReturnType<typeof createBcryptPool>, count: number) =>
    Promise.all(Array.from({ length: count }, (_, i) => pool.hash(`pool-password-${i}`, 4)));

  test('Given the pool closes, Then its threads have ended once close answers', async () => {
    const pool = createBcryptPool(2);
    const posted = jest.spyOn(Worker.prototype, 'postMessage');
    const exited: boolean[] = [];
    try {
      await hashes(pool, 2);
      const workers = posted.mock.contexts as Worker[];
      workers.forEach((worker, index) => {
        exited[index] = false;
        worker.once('exit', () => (exited[index] = true));
      });
      await pool.close();

      expect(exited).toEqual([true, true]);
    } finally {
      posted.mockRestore();
      await pool.close();
    }
  });

  // A container given one core still needs a worker, or no login would ever be answered.
  test.each([
    [1, 1],
    [2, 1],
    [4, 3],
  ])('Given %i core(s) and no size, Then %i worker(s) share the jobs', async (cores, size) => {
    const parallelism = jest.spyOn(os, 'availableParallelism').mockReturnValue(cores);
    try {
      const pool = createBcryptPool();
      const workers = await observe(pool, () => hashes(pool, 6));

      expect(workers).toHaveLength(6);
      expect(new Set(workers).size).toBe(size);
    } finally {
      parallelism.mockRestore();
    }
  });

  test('Given more jobs than workers, Then the jobs take turns on the workers, never a new one', async () => {
    const pool = createBcryptPool(2);
    const workers = await observe(pool, () => hashes(pool, 6));

    expect(new Set(workers).size).toBe(2);
    expect(workers.map((worker) => workers.indexOf(worker))).toEqual([0, 1, 0, 1, 0, 1]);
  });

  test("Given a job bcrypt refuses, Then it fails with bcrypt's reason instead of answering", async () => {
    const pool = createBcryptPool(1);
    try {
      await expect(pool.compare('x', 42 as unknown as string)).rejects.toThrow(/Illegal arguments/);
    } finally {
      await pool.close();
    }
  });

  // A thread that dies (out of memory, say) reports an error and answers nothing more.
  test('Given a worker dies, Then its jobs fail instead of hanging, and a new worker takes the next', async () => {
    const pool = createBcryptPool(1);
    const posted = jest.spyOn(Worker.prototype, 'postMessage');
    try {
      const job = pool.hash('pool-password-dying', 4);
      const [dying] = posted.mock.contexts as Worker[];
      // The thread itself lives on here: its late answer must find no job to settle.
      const lateAnswer = new Promise((resolve) => dying!.once('message', resolve));
      dying!.emit('error', new Error('worker ran out of memory'));

      await expect(job).rejects.toThrow('worker ran out of memory');
      await lateAnswer;
      await dying!.terminate();
      const hash = await pool.hash('pool-password-after', 4);

      expect(bcrypt.compareSync('pool-password-after', hash)).toBe(true);
      expect(posted.mock.contexts[1]).not.toBe(dying);
    } finally {
      posted.mockRestore();
      await pool.close();
    }
  });

  // The workers run code from a string, whose bare require would resolve from the current folder.
  test('Given the process runs from a folder without bcryptjs, Then the workers still find it', async () => {
    const elsewhere = mkdtempSync(path.join(os.tmpdir(), 'bcrypt-pool-'));
    const cwd = process.cwd();
    const pool = createBcryptPool(1);
    process.chdir(elsewhere);
    try {
      const hash = await pool.hash('pool-password-elsewhere', 4);

      expect(bcrypt.compareSync('pool-password-elsewhere', hash)).toBe(true);
    } finally {
      process.chdir(cwd);
      await pool.close();
      rmSync(elsewhere, { recursive: true });
    }
  });
});
