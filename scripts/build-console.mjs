// Bundles the web console (console/, React + antd + echarts) with esbuild into dist/console: hashed assets
// (served immutable) and the index.html that loads them (served no-store).
import { build } from 'esbuild';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'dist', 'console');
const assetsDir = path.join(outDir, 'assets');

async function main() {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(assetsDir, { recursive: true });
  const result = await build({
    entryPoints: { app: path.join(root, 'console', 'main.tsx') },
    bundle: true,
    minify: true,
    format: 'esm',
    splitting: false,
    target: ['chrome110', 'firefox110', 'safari16'],
    outdir: assetsDir,
    entryNames: '[name]-[hash]',
    assetNames: '[name]-[hash]',
    publicPath: '/console/assets',
    metafile: true,
    jsx: 'automatic',
    legalComments: 'linked',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  const outputs = Object.keys(result.metafile.outputs).map((f) => path.relative(assetsDir, path.resolve(root, f)));
  const js = outputs.find((f) => /^app-.*\.js$/.test(f));
  const css = outputs.find((f) => /^app-.*\.css$/.test(f));
  if (!js) throw new Error(`no app bundle among ${outputs.join(', ')}`);
  const template = await readFile(path.join(root, 'console', 'index.html'), 'utf8');
  const html = template
    .replace('<!--styles-->', css ? `<link rel="stylesheet" href="/console/assets/${css}">` : '')
    .replace('<!--script-->', `<script type="module" src="/console/assets/${js}"></script>`);
  await writeFile(path.join(outDir, 'index.html'), html);
  const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
  console.log(`console: ${outputs.length} assets, ${(bytes / 1024).toFixed(0)} KiB in dist/console`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
