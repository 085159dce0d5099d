import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

type Operation = 'hash' | 'compare';

interface Job {
  resolve: (value: string | boolean) => void;
  reject: (error: Error) => void;
}

// The worker runs bcryptjs synchronously, off the main thread. bcryptjs's own async mode works in
// 100 ms slices on the event loop: twenty logins at once delayed every other request by seconds.
const workerSource = (bcryptPath: string) => `
const { parentPort } = require('node:worker_threads');
const bcrypt = require(${JSON.stringify(bcryptPath)});
parentPort.on('message', ({ id, operation, value, other }) => {
  try {
    const result =
      operation === 'hash' ? bcrypt.hashSync(value, other) : bcrypt.compareSync(value, other);
    parentPort.postMessage({ id, result });
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.message) || error) });
  }
});`;

// Strapi loads the CommonJS build, which resolves bcryptjs next to the plugin. The ES module build
// has no require; its worker then resolves bcryptjs from the app's folder, where Strapi has it.
const bcryptjsPath = () =>
  typeof require === 'function' ? require.resolve('bcryptjs') : 'bcryptjs';

export interface BcryptPool {
  hash(plaintext: string, rounds: number): Promise<string>;
  compare(plaintext: string, hash: string): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * bcryptjs in worker threads (one fewer than the cores, at least one), started on first use so
 * they cost nothing at boot, and unref'd so they never hold the process open.
 */
export const createBcryptPool = (size = Math.max(1, availableParallelism() - 1)): BcryptPool => {
  const workers: Worker[] = [];
  const pending = new Map<number, Job>();
  let nextId = 0;
  let nextWorker = 0;

  const start = () => {
    const worker = new Worker(workerSource(bcryptjsPath()), { eval: true });
    worker.unref();
    worker.on(
      'message',
      ({ id, result, error }: { id: number; result?: string | boolean; error?: string }) => {
        const job = pending.get(id);
        if (!job) return;
        pending.delete(id);
        if (error === undefined) job.resolve(result as string | boolean);
        else job.reject(new Error(error));
      }
    );
    worker.on('error', (error) => {
      for (const job of pending.values()) job.reject(error);
      pending.clear();
      workers.splice(workers.indexOf(worker), 1);
    });
    workers.push(worker);
    return worker;
  };

  const run = (operation: Operation, value: string, other: string | number) =>
    new Promise<string | boolean>((resolve, reject) => {
      const worker =
        workers.length < size ? start() : (workers[nextWorker++ % workers.length] as Worker);
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, operation, value, other });
    });

  return {
    hash: async (plaintext, rounds) => (await run('hash', plaintext, rounds)) as string,
    compare: async (plaintext, hash) => (await run('compare', plaintext, hash)) as boolean,
    async close() {
      await Promise.all(workers.splice(0).map((worker) => worker.terminate()));
    },
  };
};
