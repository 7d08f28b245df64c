// Preloaded into the bot by the upload-areas bench (`node --import`): counts the bytes every socket of the process
// reads and writes, client and server, and writes the totals to BENCH_SOCKET_BYTES_FILE when the process exits.
import { subscribe } from 'node:diagnostics_channel';
import { writeFileSync } from 'node:fs';

const open = new Set();
const closed = { read: 0, written: 0, sockets: 0 };

function track({ socket }) {
  open.add(socket);
  socket.once('close', () => {
    closed.read += socket.bytesRead;
    closed.written += socket.bytesWritten;
    closed.sockets += 1;
    open.delete(socket);
  });
}

subscribe('net.client.socket', track);
subscribe('net.server.socket', track);

process.on('exit', () => {
  const totals = { ...closed };
  for (const socket of open) {
    totals.read += socket.bytesRead;
    totals.written += socket.bytesWritten;
    totals.sockets += 1;
  }
  if (process.env.BENCH_SOCKET_BYTES_FILE) writeFileSync(process.env.BENCH_SOCKET_BYTES_FILE, JSON.stringify(totals));
});
