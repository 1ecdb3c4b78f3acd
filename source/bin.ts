#!/usr/bin/env node
import {setFlagsFromString} from 'node:v8';

// React and ink pick their development or production build when first loaded; production is several times
// faster per frame. This shim sets it before anything else loads, then hands over to the CLI.
process.env.NODE_ENV ??= 'production';

// A headless run lives about a second, and V8's default budget sends hundreds of its functions to the optimising
// compiler (420 compiles in a warm run of the 2,350-entry bench tree, with deopts where facts differ in shape)
// before the run is over: compiling costs more than it saves. Four times the budget (V8's default is 66 KiB of
// bytecode) optimises only what stays hot: measured there, a warm run 780 → 634 ms and an offline one 414 → 352;
// a TUI session or a 28.6k-entry scan still gets its hot loops optimised, a little later. Set before the CLI's
// code is loaded (functions take the budget when first run); a budget the user passes to node is left alone.
const nodeOptions = `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`;
if (!/--interrupt[-_]budget/.test(nodeOptions)) setFlagsFromString('--interrupt-budget=270336');
await import('./cli/index.js');
