#!/usr/bin/env node
// The ceiling of bench:stub: a bare node:http server with no logic that still does the work
// any HTTP server must do for the same exchange — it reads the whole request body and answers
// with the canned status, headers and body (same size, same header lines) captured from the
// emulator for the scenario. Prints its URL as the first stdout line.
//
//   node bench/servers/bare.js <canned-response.json>
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const canned = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const headers = canned.headers.flat();
const body = canned.body;

const server = createServer({ keepAlive: true }, (req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    res.writeHead(canned.status, headers);
    res.end(body);
  });
});
server.keepAliveTimeout = 5_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`http://127.0.0.1:${server.address().port}/\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)) && server.closeAllConnections());
