#!/usr/bin/env node
// An anchor of bench:stub: the real Nova API (Debian python3-nova) on loopback, started by
// mvmatrix's own launcher from dist/. Prints one JSON line {url, pid} (pid = the Python
// process that serves, whose CPU the benchmark reads) and stops it on SIGTERM.
const { startRealNova } = await import('../../dist/providers/real-nova/launcher.js');
const nova = await startRealNova();
process.stdout.write(`${JSON.stringify({ url: nova.url, pid: nova.pid, version: nova.novaVersion })}\n`);
process.on('SIGTERM', () => {
  void nova.close().then(() => process.exit(0));
});
setInterval(() => {}, 1 << 30);
