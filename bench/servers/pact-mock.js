#!/usr/bin/env node
// An anchor of bench:stub: Pact's mock server (@pact-foundation/pact, the Rust mock server
// behind PactV4) serving one interaction — the scenario's request, answered with the canned
// response captured from the emulator. Prints its URL as the first stdout line and serves until
// SIGTERM. Paths with a server id match by regex, so every id the load generator walks matches.
//
//   node bench/servers/pact-mock.js <scenario.json>
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pact from '@pact-foundation/pact';

const { PactV4, MatchersV3 } = pact;
const scenario = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'mvmatrix-bench-pact-'));
const mock = new PactV4({ consumer: 'mvmatrix-bench', provider: 'nova', dir, logLevel: 'error' });

const path = scenario.pathRegex ? MatchersV3.regex(scenario.pathRegex, scenario.samplePath) : scenario.samplePath;
const responseHeaders = Object.fromEntries(scenario.canned.headers.filter(([name]) => name.toLowerCase() !== 'content-length'));
let interaction = mock
  .addInteraction()
  .uponReceiving(scenario.name)
  .withRequest(scenario.method, path, (builder) => {
    builder.headers({ 'x-auth-token': scenario.headers['x-auth-token'] });
    if (scenario.body !== undefined) builder.jsonBody(JSON.parse(scenario.body));
  })
  .willRespondWith(scenario.canned.status, (builder) => {
    builder.headers(responseHeaders);
    if (scenario.canned.body !== '') builder.body('application/json', Buffer.from(scenario.canned.body));
  });

// The mock server runs on Pact's own threads; this timer keeps Node's event loop alive meanwhile.
const keepAlive = setInterval(() => {}, 1 << 30);
let stop;
const stopped = new Promise((resolve) => (stop = resolve));
process.on('SIGTERM', () => stop());
try {
  await interaction.executeTest(async (server) => {
    process.stdout.write(`${server.url.replace(/\/?$/, '/')}\n`);
    await stopped;
  });
} catch {
  // The mock server reports the load generator's requests as unverified extras on close; the
  // benchmark only needs its answers, so the verification outcome is ignored.
}
clearInterval(keepAlive);
rmSync(dir, { recursive: true, force: true });
process.exit(0);
