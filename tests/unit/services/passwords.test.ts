import { Worker } from 'node:worker_threads';

import type { Core } from '@strapi/strapi';
import bcrypt from 'bcryptjs';

import { defaultConfig } from '../../../server/src/config';
import createPasswordsService, { generatePassword } from '../../../server/src/services/passwords';

/** A job as the service posts it to a hashing thread. */
interface Job {
  operation: 'hash' | 'compare';
  other: string | number;
}

describe('generatePassword', () => {
  test('Given a length, Then the password has exactly that many characters', () => {
    for (const length of [12, 16, 40, 72]) expect(generatePassword(length)).toHaveLength(length);
  });

  test('Then it never uses look-alike characters and always mixes cases and digits', () => {
    for (let i = 0; i < 500; i += 1) {
      const password = generatePassword(12);
      expect(password).not.toMatch(/[0Oo1lIi]/);
      expect(password).toMatch(/[A-Z]/);
      expect(password).toMatch(/[a-z]/);
      expect(password).toMatch(/[2-9]/);
    }
  });

  test('Then passwords do not repeat', () => {
    const seen = new Set(Array.from({ length: 1000 }, () => generatePassword(16)));
    expect(seen.size).toBe(1000);
  });
});

describe('passwords service', () => {
  /** The service for a customer type whose password attribute is `password`. */
  const serviceFor = (password: unknown) => {
    const config = { ...defaultConfig, generatedPassword: { length: 20, enforceChange: false } };
    const strapi = {
      config: {
        get: (key: string) => {
          expect(key).toBe('plugin::customer-login');
          return config;
        },
      },
      contentType: (uid: string) => {
        expect(uid).toBe(config.contentType);
        return { attributes: { password } };
      },
    } as unknown as Core.Strapi;
    return createPasswordsService({ strapi });
  };
  const services: ReturnType<typeof createPasswordsService>[] = [];
  const service = (password: unknown = { type: 'password', encryption: { rounds: 4 } }) => {
    const created = serviceFor(password);
    services.push(created);
    return created;
  };
  afterAll(() => Promise.all(services.map((created) => created.close())));

  test('Then a generated password has the configured length', () => {
    expect(service().generate()).toHaveLength(20);
  });

  test("Given the attribute's rounds, Then a hash costs them, as Strapi's own would", async () => {
    const hash = await service().hash('customer-password-1');

    expect(hash).toMatch(/^\$2[aby]\$04\$/);
    expect(bcrypt.compareSync('customer-password-1', hash)).toBe(true);
  });

  test('Given an attribute without encryption options, Then a hash costs 10 rounds', async () => {
    expect(await service({ type: 'password' }).hash('customer-password-2')).toMatch(
      /^\$2[aby]\$10\$/
    );
  });

  test('Given a stored hash, Then verify tells its password from another', async () => {
    const passwords = service();
    const hash = bcrypt.hashSync('customer-password-3', 4);

    await expect(passwords.verify('customer-password-3', hash)).resolves.toBe(true);
    await expect(passwords.verify('customer-password-4', hash)).resolves.toBe(false);
  });

  // An account without a password must answer as slowly as a wrong password, or the time of the
  // answer tells which addresses have an account.
  test('Given no stored hash, Then verify says no, after comparing against a hash of the same cost', async () => {
    const passwords = service();
    const posted = jest.spyOn(Worker.prototype, 'postMessage');
    try {
      await expect(passwords.verify('customer-password-5', null)).resolves.toBe(false);
      await expect(passwords.verify('customer-password-5', null)).resolves.toBe(false);

      const jobs = posted.mock.calls.map(([message]) => message as Job);
      expect(jobs.map((job) => job.operation)).toEqual(['hash', 'compare', 'compare']);
      expect(jobs[0]?.other).toBe(4);
      expect(jobs[1]?.other).toMatch(/^\$2[aby]\$04\$.{53}$/);
    } finally {
      posted.mockRestore();
    }
  });

  test('Given the service closes, Then its hashing threads end', async () => {
    const passwords = service();
    const posted = jest.spyOn(Worker.prototype, 'postMessage');
    let exited = false;
    try {
      await passwords.hash('customer-password-6');
      const [worker] = posted.mock.contexts as Worker[];
      worker!.once('exit', () => (exited = true));
      await passwords.close();

      expect(exited).toBe(true);
    } finally {
      posted.mockRestore();
    }
  });
});
