#!/usr/bin/env node
// The package's CLI. The TypeScript sources are compiled to dist/ by `npm run build` (run by
// `npm install`, `npm start` and `npm test`).
import { main } from '../dist/server/cli.js';

process.exitCode = await main(process.argv.slice(2));
