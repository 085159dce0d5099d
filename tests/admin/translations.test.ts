import de from '../../admin/src/translations/de.json';
import en from '../../admin/src/translations/en.json';
import es from '../../admin/src/translations/es.json';
import fr from '../../admin/src/translations/fr.json';
import it from '../../admin/src/translations/it.json';

const OTHERS: Record<string, Record<string, string>> = { de, es, fr, it };

/** ICU placeholders such as {email} or {count, plural, …}: the names, in order of first use. */
const placeholders = (message: string) => [
  ...new Set([...message.matchAll(/\{(\w+)/g)].map((match) => match[1])),
];

describe('admin translations', () => {
  test.each(Object.keys(OTHERS))(
    'Given %s, Then it has exactly the English keys, with the same placeholders',
    (language) => {
      const messages = OTHERS[language]!;
      expect(Object.keys(messages).sort()).toEqual(Object.keys(en).sort());
      for (const [key, english] of Object.entries(en)) {
        expect({ key, placeholders: placeholders(messages[key] ?? '') }).toEqual({
          key,
          placeholders: placeholders(english),
        });
      }
    }
  );
});
