/**
 * Loaded with `node --import` into a bench child process (bench/child.ts): on exit it writes the
 * process's peak resident set size, as getrusage reports it (what `/usr/bin/time -v` calls
 * "Maximum resident set size"), on stderr as `halo-iac-bench maxrss-kb <n>`, the last line.
 */
import { writeSync } from 'node:fs';

process.on('exit', () => {
  writeSync(2, `\nhalo-iac-bench maxrss-kb ${process.resourceUsage().maxRSS}\n`);
});
