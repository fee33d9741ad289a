import { createServer } from 'node:net';

/**
 * Just enough of an SMTP server, for tests, to accept messages and keep what it
 * was sent. A message to one of the `stuck` addresses gets no answer after its
 * final "." ever, as a stalled mail server would do; `events` records, in order,
 * each message accepted, each one it stopped answering and each such
 * connection closed by the client.
 */
export function fakeSmtpServer({ stuck = [] as string[] } = {}) {
  const received: { envelope: string[]; data: string }[] = [];
  const events: string[] = [];
  const server = createServer((socket) => {
    let buffer = '';
    let inData = false;
    let current = { envelope: [] as string[], data: '' };
    let stuckOn: string | undefined;
    socket.on('error', () => {});
    socket.on('close', () => {
      if (stuckOn) events.push(`closed ${stuckOn}`);
    });
    socket.write('220 fake ESMTP\r\n');
    socket.on('data', (chunk) => {
      if (stuckOn) return;
      buffer += chunk.toString('utf8');
      let end;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            const to = /^RCPT TO:<(.*)>/i.exec(current.envelope.find((l) => /^RCPT/i.test(l)) ?? '')?.[1] ?? '';
            if (stuck.includes(to)) {
              stuckOn = to;
              events.push(`stuck ${to}`);
              return;
            }
            received.push(current);
            events.push(`accepted ${to}`);
            current = { envelope: [], data: '' };
            socket.write('250 OK queued\r\n');
          } else current.data += `${line}\n`;
        } else if (/^(EHLO|HELO)/i.test(line)) socket.write('250 fake\r\n');
        else if (/^(MAIL|RCPT)/i.test(line)) {
          current.envelope.push(line);
          socket.write('250 OK\r\n');
        } else if (/^DATA/i.test(line)) {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else if (/^QUIT/i.test(line)) socket.end('221 bye\r\n');
        else socket.write('250 OK\r\n');
      }
    });
  });
  return {
    server,
    received,
    events,
    async listen(): Promise<string> {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `smtp://127.0.0.1:${(server.address() as { port: number }).port}`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
