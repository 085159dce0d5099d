import { defineEmail, type DefaultTemplates } from './build';

const confirmation = [
  'Antes de iniciar sesión, confirma tu dirección de correo electrónico abriendo este enlace:',
  '<%= confirmationUrl %>',
  'El enlace solo funciona una vez y caduca en <%= expiresIn %>.',
];

export const es: DefaultTemplates = {
  credentials: defineEmail('Tus datos de acceso', [
    ['Hola,', 'estos son tus datos de acceso:'],
    ['Correo electrónico: <%= email %>', 'Contraseña: <%= password %>'],
    { if: 'loginUrl', then: [['Inicia sesión en:', '<%= loginUrl %>']] },
    { if: 'confirmationUrl', then: [confirmation] },
    ['No compartas esta contraseña con nadie. Puedes cambiarla después de iniciar sesión.'],
  ]),
  emailConfirmation: defineEmail('Confirma tu dirección de correo electrónico', [
    ['Hola,', 'se ha creado un acceso para ti.'],
    confirmation,
  ]),
  passwordReset: defineEmail('Restablece tu contraseña', [
    ['Hola,', 'alguien ha solicitado restablecer la contraseña de tu cuenta.'],
    {
      if: 'resetUrl',
      then: [
        [
          'Para elegir una nueva contraseña, abre este enlace:',
          '<%= resetUrl %>',
          'Solo funciona una vez y caduca en <%= expiresIn %>.',
        ],
      ],
      else: [
        [
          'Para elegir una nueva contraseña, usa este código:',
          '<%= code %>',
          'Solo funciona una vez y caduca en <%= expiresIn %>.',
        ],
      ],
    },
    ['Si no lo has solicitado tú, ignora este correo: tu contraseña no cambiará.'],
  ]),
  passwordChanged: defineEmail('Se ha cambiado tu contraseña', [
    ['Hola,', 'la contraseña de tu cuenta se acaba de cambiar.'],
    ['Si no has sido tú, restablece tu contraseña de inmediato o ponte en contacto con nosotros.'],
  ]),
  emailChanged: defineEmail('Se ha cambiado tu dirección de correo electrónico', [
    ['Hola,', 'la dirección de correo electrónico de tu cuenta se ha cambiado a <%= newEmail %>.'],
    ['Si no lo has solicitado tú, ponte en contacto con nosotros de inmediato.'],
  ]),
};
