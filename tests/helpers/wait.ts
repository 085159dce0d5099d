/**
 * Polls until `read` answers something other than undefined, for work the server does after it
 * responds (a history row, a log line): the row is the signal, the interval only how often to
 * look.
 */
export const waitFor = async <T>(
  read: () => Promise<T | undefined> | T | undefined,
  { timeoutMs = 10_000, what = 'the awaited value' }: { timeoutMs?: number; what?: string } = {}
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};
