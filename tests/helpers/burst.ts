import http from 'node:http';

/** A JSON POST to one of the servers, by its http://127.0.0.1:PORT. */
export interface BurstRequest {
  baseUrl: string;
  path: string;
  headers?: Record<string, string>;
  body: unknown;
}

export interface BurstAnswer {
  status: number;
  body: Record<string, unknown>;
}

/**
 * Sends requests at the same moment, through a barrier: each gets a connection of its own and all
 * of its bytes but the last; once every one waits, the last bytes go out together. The servers
 * then parse them together and handle them side by side, as a burst from many clients arrives,
 * rather than one by one as connections open (as supertest's requests arrive).
 */
export const releaseTogether = async (requests: BurstRequest[]): Promise<BurstAnswer[]> => {
  const pending = requests.map(({ baseUrl, path, headers, body }) => {
    const payload = Buffer.from(JSON.stringify(body));
    const req = http.request(new URL(path, baseUrl), {
      method: 'POST',
      agent: false,
      headers: {
        'content-type': 'application/json',
        'content-length': String(payload.length),
        ...headers,
      },
    });
    const answer = new Promise<BurstAnswer>((resolve, reject) => {
      req.once('error', reject);
      req.once('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.once('error', reject);
        res.once('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: JSON.parse(Buffer.concat(chunks).toString() || '{}') as Record<string, unknown>,
          })
        );
      });
    });
    // Awaited below, after the barrier; a failure before then is not unhandled meanwhile.
    answer.catch(() => undefined);
    const waiting = new Promise<void>((resolve, reject) => {
      req.once('error', reject);
      req.once('socket', (socket) => {
        socket.once('connect', () => req.write(payload.subarray(0, -1), () => resolve()));
      });
    });
    return { req, last: payload.subarray(-1), answer, waiting };
  });
  await Promise.all(pending.map(({ waiting }) => waiting));
  for (const { req, last } of pending) req.end(last);
  return Promise.all(pending.map(({ answer }) => answer));
};
