#!/usr/bin/env node
// Builds the plain-Node bundle of the bridge (issue 11 item 7; issue 15 makes a SEA of it):
//   dist/edefter.mjs            the CLI and the bridge, one ES module (platform node, target node20)
//   dist/workers/<name>-worker.mjs  the worker threads (src/workers/spawn.ts finds them beside it)
//   dist/package.json, dist/README.md  what the bundle needs at run time
// Native addons (pkcs11js, better-sqlite3, @napi-rs/keyring) stay outside the bundle
// and are loaded from node_modules found above dist/ (or installed into dist/ from its package.json).
// The build fails if any demo, simulator or test file would be pulled in.
// --cjs: the same as CommonJS (edefter.cjs, workers/*.cjs; default outdir dist/cjs, replaced by the next
// ES module build), the format a Node 20 SEA runs (issue 15); import.meta.url is defined from __filename. It also
// emits edefter-sign.cjs, `edefter sign` alone (cli/sign-main.ts; exports signMain), which the SEA runs for that
// command instead of compiling the whole 4.5 MB bundle (0.25 MB: ~20 ms less CPU per signature), and
// edefter-bridge.cjs, `edefter bridge` alone (cli/bridge-main.ts; exports bridgeMain: 3.2 MB, the idle bridge keeps its
// whole source in memory).
// Usage: node packages/bridge/scripts/build.mjs [--cjs] [--outdir <dir>] [--quiet]
import { build } from 'esbuild';
import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire, isBuiltin } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const pkgDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const cjs = args.includes('--cjs');
const ext = cjs ? '.cjs' : '.mjs';
const outdir = path.resolve(args.includes('--outdir') ? args[args.indexOf('--outdir') + 1] : path.join(pkgDir, 'dist', ...(cjs ? ['cjs'] : [])));
const quiet = args.includes('--quiet');

/** Kept outside the bundle: native addons. */
const EXTERNAL = ['pkcs11js', 'better-sqlite3', '@napi-rs/keyring'];
/** Loaded with createRequire at run time (esbuild cannot see them): the PKCS#11 worker's pkcs11js. */
const RUNTIME_REQUIRES = ['pkcs11js'];
/** Inputs that must never reach the product bundle. */
const FORBIDDEN = [
  /(^|\/)test\//,
  /(^|\/)packages\/(dev|simulators|gib-sim)\//,
  /(^|\/)certs\//,
  /node_modules\/(\.pnpm\/)?tsx/,
  /node_modules\/(\.pnpm\/)?vitest/,
];

const pkg = JSON.parse(await readFile(path.join(pkgDir, 'package.json'), 'utf8'));
const entryPoints = {
  edefter: 'src/cli/entry.ts',
  'workers/pkcs11-worker': 'src/token/pkcs11-worker.ts',
  'workers/hash-worker': 'src/xades/hash-worker.ts',
  'workers/c14n-worker': 'src/xades/c14n-worker.ts',
  'workers/part-worker': 'src/flows/part-worker.ts',
  'workers/month-worker': 'src/flows/month-worker.ts',
  'workers/check-worker': 'src/validate/own/check-worker.ts',
  ...(cjs ? { 'edefter-sign': 'src/cli/sign-main.ts', 'edefter-bridge': 'src/cli/bridge-main.ts' } : {}),
};

const started = Date.now();
const tmp = await mkdtemp(path.join(path.dirname(outdir), `.${path.basename(outdir)}.build-`));
try {
  const result = await build({
    absWorkingDir: pkgDir,
    entryPoints,
    outdir: tmp,
    outExtension: { '.js': ext },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: cjs ? 'cjs' : 'esm',
    splitting: false,
    external: EXTERNAL,
    // ES module: bundled CommonJS packages call require() for Node built-ins, so give it one;
    // CommonJS: import.meta.url (workers/spawn.ts, version.ts, the PKCS#11 worker) from __filename
    banner: {
      js: cjs
        ? 'var __edefterImportMetaUrl = require("node:url").pathToFileURL(__filename).href;'
        : "import { createRequire as __edefterRequire } from 'node:module';\nconst require = __edefterRequire(import.meta.url);",
    },
    define: {
      __EDEFTER_VERSION__: JSON.stringify(pkg.version),
      __EDEFTER_WORKER_EXT__: JSON.stringify(ext),
      // release update check (src/update/release-key.ts): the release public key (PEM file) and manifest address
      ...(process.env.EDEFTER_UPDATE_PUBLIC_KEY
        ? { __EDEFTER_UPDATE_PUBLIC_KEY__: JSON.stringify(await readFile(process.env.EDEFTER_UPDATE_PUBLIC_KEY, 'utf8')) }
        : {}),
      ...(process.env.EDEFTER_UPDATE_MANIFEST_URL ? { __EDEFTER_UPDATE_MANIFEST_URL__: JSON.stringify(process.env.EDEFTER_UPDATE_MANIFEST_URL) } : {}),
      ...(cjs ? { 'import.meta.url': '__edefterImportMetaUrl' } : {}),
    },
    // CommonJS: import() of external packages and built-ins (the keyring, node:crypto) becomes require(). In the SEA a
    // function that comes out of the V8 code cache of an earlier run cannot run import() (Node 20: "A dynamic import
    // callback was not specified"), which broke the keyring and made every bridge start re-issue its certificate
    ...(cjs ? { supported: { 'dynamic-import': false } } : {}),
    minifySyntax: true,
    minifyWhitespace: true,
    legalComments: 'external',
    metafile: true,
    logLevel: quiet ? 'error' : 'warning',
  });
  const bad = Object.keys(result.metafile.inputs).filter((f) => FORBIDDEN.some((re) => re.test(f)));
  if (bad.length) throw new Error(`demo/simulator/test code would be bundled:\n  ${bad.join('\n  ')}`);

  const require = createRequire(path.join(pkgDir, 'package.json'));
  const installed = (name) => {
    try {
      return JSON.parse(require('node:fs').readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;
    } catch {
      return pkg.dependencies[name];
    }
  };
  // what the bundle really loads from outside: the external packages it imports, plus the run-time requires
  // (other unresolved requires are optional ones inside try blocks, e.g. ws's bufferutil)
  const used = new Set(RUNTIME_REQUIRES);
  for (const o of Object.values(result.metafile.outputs)) {
    for (const i of o.imports) {
      const n = i.external && !isBuiltin(i.path) ? EXTERNAL.find((e) => i.path === e || i.path.startsWith(`${e}/`)) : undefined;
      if (n) used.add(n);
    }
  }
  const deps = Object.fromEntries([...used].sort().map((n) => [n, installed(n)]));
  await writeFile(
    path.join(tmp, 'package.json'),
    `${JSON.stringify(
      {
        name: '@edefter/bridge-bundle',
        version: pkg.version,
        private: true,
        type: cjs ? 'commonjs' : 'module',
        description: 'Plain-Node bundle of edefter-bridge (built by packages/bridge/scripts/build.mjs; do not edit).',
        bin: { edefter: `./edefter${ext}` },
        engines: { node: '>=20.19' },
        dependencies: deps,
      },
      null,
      2,
    )}\n`,
  );
  await writeFile(
    path.join(tmp, 'README.md'),
    [
      `# edefter-bridge ${pkg.version} — plain-Node bundle`,
      '',
      `Built by \`pnpm build\` (packages/bridge/scripts/build.mjs${cjs ? ' --cjs' : ''}). Run: \`node edefter${ext} --help\` (Node ≥ 20.19, no tsx).`,
      '',
      `- \`edefter${ext}\`: the CLI and the bridge (one ${cjs ? 'CommonJS file' : 'ES module'}).`,
      `- \`workers/*${ext}\`: worker threads, found beside \`edefter${ext}\` (PKCS#11, hash+write, second canonicalizer, ` +
        'whole month, month part, layer-(a) check).',
      `- Needs at run time, outside the bundle (see package.json): ${Object.keys(deps).join(', ')}.`,
      '  In the checkout they are found in packages/bridge/node_modules; elsewhere run `npm install --omit=dev` here.',
      '- GİB e-Defter package (xsd/, sch/): `--gib-package` or `EDEFTER_GIB_PACKAGE` (never bundled).',
      '',
    ].join('\n'),
  );
  await rm(outdir, { recursive: true, force: true });
  await rename(tmp, outdir);
  if (!quiet) {
    const sizes = Object.entries(result.metafile.outputs).map(
      ([f, o]) => `${path.relative(tmp, path.resolve(pkgDir, f))} ${(o.bytes / 1048576).toFixed(2)} MiB`,
    );
    process.stdout.write(`built ${path.relative(process.cwd(), outdir) || '.'} in ${Date.now() - started} ms: ${sizes.join(', ')}\n`);
  }
} catch (e) {
  await rm(tmp, { recursive: true, force: true });
  process.stderr.write(`${e?.stack ?? e}\n`);
  process.exitCode = 1;
}
