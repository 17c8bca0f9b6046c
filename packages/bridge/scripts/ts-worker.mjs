// Development bootstrap of a worker thread run from the TypeScript sources (src/workers/spawn.ts):
// Node 20 gives worker threads no TypeScript loader, so this registers tsx in the thread and then
// imports the `.ts` entry named by the first argument (a file: URL). The bundle never uses it.
import { register } from 'tsx/esm/api';

register();
await import(process.argv[2]);
