import path from 'node:path';

import fc from 'fast-check';

/**
 * `fc.assert` for the suite's property-based tests: a failure names its seed and counterexample
 * path and the command that replays it, and `FC_SEED` (with `FC_PATH`, the shrunk case alone)
 * replays it on request.
 */

const readReplay = (
  env: NodeJS.ProcessEnv
): Pick<fc.Parameters<unknown>, 'seed' | 'path' | 'endOnFailure'> => {
  const { FC_SEED: seed, FC_PATH: counterexample } = env;
  if (seed === undefined || seed === '') {
    if (counterexample) throw new Error('FC_PATH replays a failure only together with its FC_SEED');
    return {};
  }
  const value = Number(seed);
  if (!/^-?\d+$/.test(seed.trim()) || !Number.isSafeInteger(value)) {
    throw new Error(`FC_SEED must be the integer a failure printed, not ${JSON.stringify(seed)}`);
  }
  return counterexample
    ? { seed: value, path: counterexample, endOnFailure: true }
    : { seed: value };
};

const shellQuote = (value: string) => `'${value.split("'").join(`'\\''`)}'`;
const escapeRegExp = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The command line that runs this test again with the failure's seed and path. */
export const replayCommand = (
  seed: number,
  counterexample: string | null,
  test: { testPath?: string; currentTestName?: string } = expect.getState()
): string => {
  const env = [`FC_SEED=${seed}`];
  if (counterexample !== null) env.push(`FC_PATH=${shellQuote(counterexample)}`);
  const args = ['npx jest'];
  if (test.testPath) {
    const file = path.relative(process.cwd(), test.testPath);
    const project = file.split(path.sep)[1];
    if (project) args.push(`--selectProjects ${project}`);
    args.push(`--testPathPatterns ${shellQuote(escapeRegExp(path.basename(file)))}`);
  }
  if (test.currentTestName)
    args.push(`-t ${shellQuote(`^${escapeRegExp(test.currentTestName)}$`)}`);
  return [...env, ...args].join(' ');
};

export async function assertProperty<Ts>(
  property: fc.IAsyncProperty<Ts> | fc.IProperty<Ts>,
  params: fc.Parameters<Ts> = {},
  env: NodeJS.ProcessEnv = process.env
): Promise<void> {
  const details = await fc.check(property, { ...params, ...readReplay(env) });
  if (!details.failed) return;
  const report = (await fc.asyncDefaultReportMessage(details)) ?? 'Property failed';
  // The report holds the counterexample and the error it raised, with its stack.
  throw new Error(
    `${report}\n\nReplay: ${replayCommand(details.seed, details.counterexamplePath)}`
  );
}
