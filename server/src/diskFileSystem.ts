import { readFileSync } from 'node:fs';
import type { FileSystem } from './service';

/** The real disk, for the server and the CLI. Files over 1 MB are not read: config and ignore files are small. */
export const diskFileSystem: FileSystem = {
  readFile(path: string): string | undefined {
    try {
      const text = readFileSync(path, 'utf8');
      return text.length > 1_048_576 ? undefined : text;
    } catch {
      // Missing or unreadable: the caller treats it as absent, exactly like a file that is not there.
      return undefined;
    }
  },
};
