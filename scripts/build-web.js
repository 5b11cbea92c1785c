#!/usr/bin/env node
// Builds the browser parts with Vite's JavaScript API: the widget into dist/public/widget/ and the
// dashboard into dist/public/app/ (each config sets its own outDir). `npm run build:web` runs this;
// `npm run build` runs it after compiling the server.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/** The front ends, in build order: the widget first, it is what other sites load. */
const PARTS = [
  { name: 'widget', config: 'widget/vite.config.ts' },
  { name: 'dashboard', config: 'dashboard/vite.config.ts' },
];

// Configs that leave `root` unset get the package root, wherever this script was started from.
process.chdir(fileURLToPath(new URL('..', import.meta.url)));

for (const part of PARTS) {
  const configFile = fileURLToPath(new URL(`../${part.config}`, import.meta.url));
  if (!existsSync(configFile)) {
    console.log(`build-web: skipping the ${part.name}: ${part.config} does not exist yet`);
    continue;
  }
  console.log(`build-web: building the ${part.name} (${part.config})`);
  const started = performance.now();
  try {
    await build({ configFile, logLevel: 'warn' });
  } catch (error) {
    console.error(
      `build-web: the ${part.name} build failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  }
  console.log(`build-web: built the ${part.name} in ${Math.round(performance.now() - started)} ms`);
}
