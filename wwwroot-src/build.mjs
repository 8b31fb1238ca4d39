// Streamline front-end build: bundles + minifies src/ into ../Streamline.Web/wwwroot/dist/.
// Usage: npm ci && npm run build      (paths are relative to this file, not to the cwd)
import * as esbuild from 'esbuild';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const srcDir = path.join(here, 'src');
const outDir = path.resolve(here, '..', 'Streamline.Web', 'wwwroot', 'dist');
const stampFile = path.join(outDir, '.stamp');

const common = {
  absWorkingDir: here,
  bundle: true,
  minify: true,
  sourcemap: 'linked',
  outdir: outDir,
  metafile: true,
  logLevel: 'warning',
  legalComments: 'eof',
  charset: 'utf8',
};

async function main() {
  const started = Date.now();
  // dist/ belongs to this build alone: start clean so no stale bundle is ever served.
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });

  const results = await Promise.all([
    esbuild.build({
      ...common,
      entryPoints: {
        app: path.join(srcDir, 'app.js'),
        theme: path.join(srcDir, 'theme.js'),
        charts: path.join(srcDir, 'charts.js'),
        'widget-settings': path.join(srcDir, 'widget-settings.js'),
        // The widget: the loader embedded on customers' websites, the chat in its iframe, and the portal's chat page.
        widget: path.join(srcDir, 'widget.js'),
        chat: path.join(srcDir, 'chat.js'),
        talk: path.join(srcDir, 'talk.js'),
      },
      format: 'iife',
      platform: 'browser',
      target: 'es2020',
    }),
    esbuild.build({
      ...common,
      entryPoints: { app: path.join(srcDir, 'app.css'), 'chat-frame': path.join(srcDir, 'chat-frame.css') },
      // Browsers that support everything Bootstrap 5.3 and app.css use.
      target: ['chrome100', 'edge100', 'firefox100', 'safari15'],
    }),
  ]);

  const outputs = results.flatMap((r) => Object.keys(r.metafile.outputs)).sort();
  for (const rel of outputs) {
    const abs = path.resolve(here, rel);
    const { size } = await stat(abs);
    console.log(`  wrote ${path.relative(process.cwd(), abs) || abs}  ${(size / 1024).toFixed(1)} KiB`);
  }

  // Written last: MSBuild compares its timestamp with the sources to decide whether to rebuild.
  await writeFile(stampFile, '');
  console.log(`  wrote ${path.relative(process.cwd(), stampFile)}`);
  console.log(`built ${outputs.length} files into ${outDir} in ${Date.now() - started} ms`);
}

main().catch((err) => {
  // esbuild has already printed its diagnostics (logLevel: 'warning'); add a one-line summary.
  console.error(`build failed: ${err && err.message ? err.message : err}`);
  process.exit(1);
});
