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
});
