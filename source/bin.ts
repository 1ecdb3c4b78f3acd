#!/usr/bin/env node
// React and ink pick their development or production build when first loaded; production is several times
// faster per frame. This shim sets it before anything else loads, then hands over to the CLI.
process.env.NODE_ENV ??= 'production';
await import('./cli/index.js');
