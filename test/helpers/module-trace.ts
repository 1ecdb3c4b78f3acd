import {register} from 'node:module';

// Loaded with `node --import …/module-trace.js`: installs the resolution hooks before the program starts.
register('./module-trace-hooks.js', import.meta.url);
