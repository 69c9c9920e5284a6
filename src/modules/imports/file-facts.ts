import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';

export type FileFacts = { fileName: string; sha256: string; size: number; /** Line breaks: an estimate of a CSV's rows for progress and ETA. */ lines: number };

/** One pass over a file: its hash (a resumed import must read the same file) and its line count. */
export async function fileFacts(path: string): Promise<FileFacts> {
  const hash = createHash('sha256');
  let size = 0;
  let lines = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
  }
  return { fileName: basename(path), sha256: hash.digest('hex'), size, lines };
}
