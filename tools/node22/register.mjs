// `node --import ./tools/node22/register.mjs …` (or NODE_OPTIONS) makes every import of better-sqlite3 load the copy
// built here for Node 22 instead of the project's Node 20 build: .ci/run runs the tests on Node 22 this way, child
// processes included.
import { register } from 'node:module';

register('./resolve-better-sqlite3.mjs', import.meta.url);
