// A local SMTP server for the demo: accepts every message and prints it to the console.
const { simpleParser } = require('mailparser');
const { SMTPServer } = require('smtp-server');

const startMailCatcher = (port) =>
  new Promise((resolve, reject) => {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, _session, callback) {
        simpleParser(stream)
          .then((mail) => {
            const rule = '─'.repeat(72);
            console.log(
              [
                '',
                rule,
                `📧 To: ${mail.to?.text ?? ''}`,
                `   From: ${mail.from?.text ?? ''}`,
                `   Subject: ${mail.subject ?? ''}`,
                '',
                (mail.text ?? '').trimEnd(),
                rule,
                '',
              ].join('\n')
            );
            callback();
          })
          .catch(callback);
      },
    });
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });

module.exports = { startMailCatcher };
