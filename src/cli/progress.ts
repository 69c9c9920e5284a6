import cliProgress from 'cli-progress';

/** A progress bar on stderr for long work; silent when stderr is not a terminal. */
export function progressBar(label: string): { update(done: number, total: number): void; stop(): void } {
  if (!process.stderr.isTTY) {
    let lastPercent = -10;
    return {
      update(done, total) {
        const percent = Math.floor((done / Math.max(total, 1)) * 100);
        if (percent >= lastPercent + 10) {
          lastPercent = percent;
          process.stderr.write(`${label}: ${done}/${total} (${percent}%)\n`);
        }
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, done);
        started = true;
      } else bar.update(done);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
