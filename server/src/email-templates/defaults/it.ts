import { defineEmail, type DefaultTemplates } from './build';

const confirmation = [
  'Prima di accedere, conferma il tuo indirizzo email aprendo questo link:',
  '<%= confirmationUrl %>',
  'Il link si può usare una sola volta e scade tra <%= expiresIn %>.',
];

export const it: DefaultTemplates = {
  credentials: defineEmail('I tuoi dati di accesso', [
    ['Ciao,', 'ecco i tuoi dati di accesso:'],
    ['Email: <%= email %>', 'Password: <%= password %>'],
    { if: 'loginUrl', then: [['Accedi qui:', '<%= loginUrl %>']] },
    { if: 'confirmationUrl', then: [confirmation] },
    ["Non condividere questa password con nessuno. Puoi cambiarla dopo aver effettuato l'accesso."],
  ]),
  emailConfirmation: defineEmail('Conferma il tuo indirizzo email', [
    ['Ciao,', 'è stato creato un accesso per te.'],
    confirmation,
  ]),
  passwordReset: defineEmail('Reimposta la tua password', [
    ['Ciao,', 'è stato chiesto di reimpostare la password del tuo account.'],
    {
      if: 'resetUrl',
      then: [
        [
          'Per scegliere una nuova password, apri questo link:',
          '<%= resetUrl %>',
          'Si può usare una sola volta e scade tra <%= expiresIn %>.',
        ],
      ],
      else: [
        [
          'Per scegliere una nuova password, usa questo codice:',
          '<%= code %>',
          'Si può usare una sola volta e scade tra <%= expiresIn %>.',
        ],
      ],
    },
    ['Se non sei stato tu, ignora questa email: la tua password resta invariata.'],
  ]),
  passwordChanged: defineEmail('La tua password è stata cambiata', [
    ['Ciao,', 'la password del tuo account è appena stata cambiata.'],
    ['Se non sei stato tu, reimposta subito la password o contattaci.'],
  ]),
  emailChanged: defineEmail('Il tuo indirizzo email è stato cambiato', [
    ['Ciao,', "l'indirizzo email del tuo account è stato cambiato in <%= newEmail %>."],
    ['Se non sei stato tu, contattaci subito.'],
  ]),
};
