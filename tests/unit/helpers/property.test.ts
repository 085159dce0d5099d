import fc from 'fast-check';

import { assertProperty, replayCommand } from '../../helpers/property';

/** A property that fails for every integer above 10, recording the values it was given. */
const failingAbove10 = (seen: number[]) =>
  fc.property(fc.integer({ min: 0, max: 1000 }), (n) => {
    seen.push(n);
    expect(n).toBeLessThanOrEqual(10);
  });

const failureOf = async (run: () => Promise<void>): Promise<Error> => {
  try {
    await run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the property to fail');
};

const replayOf = (message: string) => {
  const match = /Replay: FC_SEED=(-?\d+) FC_PATH='([^']+)' /.exec(message);
  if (!match) throw new Error(`no replay line in:\n${message}`);
  return { seed: match[1] as string, path: match[2] as string };
};

describe('assertProperty', () => {
  test('Given a property that holds, Then it passes', async () => {
    await assertProperty(
      fc.property(fc.integer(), (n) => n === n),
      {},
      {}
    );
  });

  test('Given a failing property, Then the error names the seed, the path and the command that replays this test', async () => {
    const error = await failureOf(() => assertProperty(failingAbove10([]), {}, {}));
    const { seed, path } = replayOf(error.message);

    expect(error.message).toContain(`seed: ${seed}, path: "${path}"`);
    expect(error.message).toContain('Counterexample: [11]');
    expect(error.message).toContain(
      `FC_PATH='${path}' npx jest --selectProjects unit --testPathPatterns 'property\\.test\\.ts' -t '^assertProperty Given a failing property, Then the error names the seed, the path and the command that replays this test$'`
    );
  });

  test('Given FC_SEED and FC_PATH of a failure, Then the shrunk counterexample alone runs again', async () => {
    const { seed, path } = replayOf(
      (await failureOf(() => assertProperty(failingAbove10([]), {}, {}))).message
    );

    const replayed: number[] = [];
    const error = await failureOf(() =>
      assertProperty(failingAbove10(replayed), {}, { FC_SEED: seed, FC_PATH: path })
    );

    expect(replayed).toEqual([11]);
    expect(replayOf(error.message)).toEqual({ seed, path });
  });

  test('Given FC_SEED alone, Then the run draws the same values as the run with that seed', async () => {
    const first: number[] = [];
    const { seed } = replayOf(
      (await failureOf(() => assertProperty(failingAbove10(first), {}, {}))).message
    );

    const again: number[] = [];
    await failureOf(() => assertProperty(failingAbove10(again), {}, { FC_SEED: seed }));

    expect(again).toEqual(first);
  });

  test('Given the parameters of the call site, Then a replay keeps them', async () => {
    const seen: number[] = [];
    await assertProperty(
      fc.property(fc.integer(), (n) => {
        seen.push(n);
      }),
      { numRuns: 3 },
      { FC_SEED: '42' }
    );
    expect(seen).toHaveLength(3);
  });

  test.each([['abc'], ['1.5'], ['99999999999999999999']])(
    'Given FC_SEED=%j, which no failure prints, Then it refuses to run',
    async (seed) => {
      const error = await failureOf(() =>
        assertProperty(failingAbove10([]), {}, { FC_SEED: seed })
      );
      expect(error.message).toMatch(/^FC_SEED must be the integer a failure printed/);
    }
  );

  test('Given FC_PATH without FC_SEED, Then it refuses to run', async () => {
    const error = await failureOf(() => assertProperty(failingAbove10([]), {}, { FC_PATH: '0:1' }));
    expect(error.message).toBe('FC_PATH replays a failure only together with its FC_SEED');
  });
});

describe('replayCommand', () => {
  test('Given a test name with quotes and regex characters, Then the command quotes it for the shell and the -t regex', () => {
    expect(
      replayCommand(-7, null, {
        testPath: `${process.cwd()}/tests/integration/malformed-input.test.ts`,
        currentTestName: "POST /x (any): Strapi's body",
      })
    ).toBe(
      `FC_SEED=-7 npx jest --selectProjects integration --testPathPatterns 'malformed-input\\.test\\.ts' -t '^POST /x \\(any\\): Strapi'\\''s body$'`
    );
  });
});
