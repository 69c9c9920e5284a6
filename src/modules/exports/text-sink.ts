import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** Text to a stream in 64 KB writes, waiting for the stream to drain: bounded memory for any size. */
export function textSink(out: Writable): { write(text: string): Promise<void>; end(): Promise<void> } {
  let buffer = '';
  const flush = async () => {
    if (buffer && !out.write(buffer)) await once(out, 'drain');
    buffer = '';
  };
  return {
    async write(text) {
      buffer += text;
      if (buffer.length > 1 << 16) await flush();
    },
    async end() {
      await flush();
      out.end();
      await once(out, 'finish');
    },
  };
}
