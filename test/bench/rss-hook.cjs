// Preloaded (NODE_OPTIONS=--require) into every measured process: reports its peak resident memory on exit.
process.on('exit', () => {
  try {
    require('node:fs').writeSync(2, `\n__MAXRSS__${process.resourceUsage().maxRSS}\n`);
  } catch {
    // stderr closed: nothing to report
  }
});
