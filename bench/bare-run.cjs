// Scenario 8's second reference: only the work `automation-hub run` cannot leave out, done in the fewest lines
// Node allows, so the table can show what the hub's own code adds on top. It takes a lock file in the data
// folder, reads the job file, listens on a local socket (the channel `status` and `stop` reach), appends one
// flushed journal line before the spawn, spawns the job in its own process group with its output piped into a
// log, and after the exit appends a history line, empties the journal, closes the socket and releases the lock.
// No checks, no recovery, no containment, no messages: not a product, a floor. CommonJS, as the command line.
// Usage: node bench/bare-run.cjs <job.json> <data folder>
'use strict';
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { spawn } = require('node:child_process');

const [jobFile, home] = process.argv.slice(2);
fs.mkdirSync(home, { recursive: true });
const lock = path.join(home, 'bare.lock');
const temp = `${lock}.${process.pid}`;
fs.writeFileSync(temp, JSON.stringify({ pid: process.pid }));
fs.linkSync(temp, lock);
fs.unlinkSync(temp);
const job = JSON.parse(fs.readFileSync(jobFile, 'utf8'));
const socket = path.join(home, 'bare.sock');
try {
  fs.unlinkSync(socket);
} catch {}
const server = net.createServer();
server.listen(socket, () => {
  const journal = path.join(home, 'bare.journal');
  const fd = fs.openSync(journal, 'a');
  fs.writeSync(fd, `${JSON.stringify({ job: job.name, started: Date.now() })}\n`);
  fs.fdatasyncSync(fd);
  fs.closeSync(fd);
  const log = fs.openSync(path.join(home, `bare-${process.pid}.log`), 'w');
  const child = spawn(job.process.command, job.process.arguments ?? [], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout.on('data', (data) => fs.writeSync(log, data));
  child.stderr.on('data', (data) => fs.writeSync(log, data));
  child.on('close', (code) => {
    fs.closeSync(log);
    fs.appendFileSync(path.join(home, 'bare.history'), `${JSON.stringify({ job: job.name, code })}\n`);
    fs.writeFileSync(journal, '');
    server.close();
    fs.unlinkSync(lock);
    process.stderr.write(`${job.name}: exit code ${code}\n`);
    process.exitCode = code ?? 1;
  });
});
