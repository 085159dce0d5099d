import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { freshAppDir, PLUGIN_NAME, REPO_ROOT } from '../helpers/fresh-app';

/**
 * Packs the plugin as `npm publish` would, and installs the tarball into a fresh JavaScript
 * Strapi 5.54 app (tests/tarball/app) outside the repository's dependencies. The app's other
 * packages are installed once per lockfile, plugin dependencies, app manifest and Node version
 * and kept in freshAppDir(); the plugin is reinstalled from the new tarball on every run.
 */

const TEMPLATE_DIR = path.join(REPO_ROOT, 'tests', 'tarball', 'app');
const KEY_FILE = '.tarball-app-key';
/** What `files` in package.json lets into the tarball, besides what npm always adds. */
const ALLOWED = /^(package\.json|README\.md|LICENSE|CHANGELOG\.md|dist\/.+)$/;
const SOURCES = ['server/src', 'admin/src', 'shared'];

interface Run {
  code: number | null;
  stdout: string;
  /** stdout and stderr as they came. */
  output: string;
}

const run = (command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) =>
  new Promise<Run>((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, output }));
  });

const sha256 = (...parts: Array<string | Buffer>) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
};

const newestFile = (dir: string): { file: string; mtimeMs: number } => {
  let newest = { file: dir, mtimeMs: 0 };
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    const found = entry.isDirectory()
      ? newestFile(file)
      : { file, mtimeMs: statSync(file).mtimeMs };
    if (found.mtimeMs > newest.mtimeMs) newest = found;
  }
  return newest;
};

/** The tarball is packed from dist: a source edited after the last build would go untested. */
const assertBuildIsCurrent = () => {
  const outputs = ['dist/server/index.js', 'dist/admin/index.js'].map((file) =>
    path.join(REPO_ROOT, file)
  );
  const missing = outputs.filter((file) => !existsSync(file));
  if (missing.length > 0) {
    throw new Error(
      `${missing.join(', ')} missing: run \`npm run build\` before the tarball tests.`
    );
  }
  const built = Math.min(...outputs.map((file) => statSync(file).mtimeMs));
  for (const source of SOURCES) {
    const { file, mtimeMs } = newestFile(path.join(REPO_ROOT, source));
    if (mtimeMs > built) {
      throw new Error(
        `${path.relative(REPO_ROOT, file)} changed after the last build: run \`npm run build\` first.`
      );
    }
  }
};

const readManifest = () =>
  JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;

/** What the plugin asks npm to install beside it. */
const pluginRequirements = () => {
  const manifest = readManifest();
  return ['dependencies', 'peerDependencies', 'peerDependenciesMeta', 'optionalDependencies'].map(
    (field) => manifest[field] ?? null
  );
};

/** Every file the exports map points a consumer at, except the sources meant for development. */
const exportTargets = (value: unknown, key = ''): string[] => {
  if (typeof value === 'string') return key === 'source' ? [] : [value.replace(/^\.\//, '')];
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([name, entry]) => exportTargets(entry, name));
  }
  return [];
};

const pack = async (destination: string) => {
  const result = await run('npm', ['pack', '--json', '--pack-destination', destination], REPO_ROOT);
  if (result.code !== 0) throw new Error(`npm pack failed (${result.code}):\n${result.output}`);
  const [packed] = JSON.parse(result.stdout) as Array<{
    filename: string;
    size: number;
    files: Array<{ path: string }>;
  }>;
  if (!packed) throw new Error(`npm pack reported no tarball:\n${result.output}`);
  const files = packed.files.map((file) => file.path);
  const required = ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md'];
  const unexpected = files.filter((file) => !ALLOWED.test(file));
  const missing = [...required, ...exportTargets(readManifest().exports)].filter(
    (file) => !files.includes(file)
  );
  if (unexpected.length > 0 || missing.length > 0) {
    throw new Error(
      'The tarball must hold only package.json, README.md, LICENSE, CHANGELOG.md and dist/**, ' +
        'with every file of the exports map.\n' +
        (unexpected.length > 0 ? `Not allowed: ${unexpected.join(', ')}\n` : '') +
        (missing.length > 0 ? `Missing: ${missing.join(', ')}\n` : '') +
        (missing.some((file) => file.endsWith('.d.ts'))
          ? 'The build writes no declarations for a module TypeScript refused to describe: see ' +
            "its errors in `npm run build` (TS2742 when node_modules is a link to another checkout's).\n"
          : '')
    );
  }
  return { file: path.join(destination, packed.filename), size: packed.size, files };
};

/** The npm output's lines about peer dependencies: a site would see them as conflicts. */
const peerWarnings = (output: string) =>
  output
    .split('\n')
    .filter((line) => /^npm (warn|error|ERR!)/i.test(line) && /ERESOLVE|\bpeer\b/i.test(line));

const install = async (appDir: string) => {
  const started = Date.now();
  const result = await run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline'],
    appDir,
    {
      ...process.env,
      // better-sqlite3 has no prebuilt binary here, so npm compiles SQLite: unoptimised in about
      // 30 s rather than 80. The plugin's code and the driver's behaviour are the same either way.
      CFLAGS: `${process.env.CFLAGS ?? ''} -O0`.trim(),
      CXXFLAGS: `${process.env.CXXFLAGS ?? ''} -O0`.trim(),
    }
  );
  const seconds = (Date.now() - started) / 1000;
  writeFileSync(path.join(appDir, 'npm-install.log'), result.output);
  if (result.code !== 0) {
    throw new Error(`npm install in ${appDir} failed (${result.code}):\n${result.output}`);
  }
  const peer = peerWarnings(result.output);
  if (peer.length > 0) {
    throw new Error(
      `npm printed peer-dependency warnings installing the tarball into a fresh Strapi app:\n` +
        peer.join('\n')
    );
  }
  return { seconds, summary: /(added|changed|removed|up to date)[^\n]*/.exec(result.output)?.[0] };
};

/** The installed plugin holds exactly the dist/ files that were packed, as npm unpacked them. */
const assertInstalledBuild = (appDir: string, files: string[]) => {
  const installed = path.join(appDir, 'node_modules', PLUGIN_NAME);
  if (lstatSync(installed).isSymbolicLink()) {
    throw new Error(`${installed} is a link, not the unpacked tarball.`);
  }
  const differing = files
    .filter((file) => file.startsWith('dist/'))
    .filter((file) => {
      const copy = path.join(installed, file);
      return (
        !existsSync(copy) ||
        sha256(readFileSync(copy)) !== sha256(readFileSync(path.join(REPO_ROOT, file)))
      );
    });
  if (differing.length > 0) {
    throw new Error(`${installed} is not the build just packed: ${differing.join(', ')} differ.`);
  }
};

/**
 * Packs the build and installs the tarball into the fresh app (see above); the test file's
 * `beforeAll` calls it, so that it runs beside the other layers' files rather than before them.
 */
export const installTarball = async () => {
  const started = Date.now();
  assertBuildIsCurrent();

  const packDir = mkdtempSync(path.join(tmpdir(), 'customer-login-pack-'));
  try {
    const tarball = await pack(packDir);
    const appDir = freshAppDir();
    const template = readFileSync(path.join(TEMPLATE_DIR, 'package.json'), 'utf8');
    // What the plugin asks npm for is in the key too: a changed dependency of the plugin is
    // installed as a new site would get it, not matched to what an older install left there.
    const key = sha256(
      readFileSync(path.join(REPO_ROOT, 'package-lock.json')),
      JSON.stringify(pluginRequirements()),
      template,
      `${process.version} ${process.platform} ${process.arch}`
    );
    const keyFile = path.join(appDir, KEY_FILE);
    const warm =
      existsSync(keyFile) &&
      readFileSync(keyFile, 'utf8') === key &&
      existsSync(path.join(appDir, 'node_modules', '@strapi', 'strapi'));
    if (!warm) rmSync(appDir, { recursive: true, force: true });

    // The app's own files are the template's on every run; only node_modules is kept.
    for (const dir of ['config', 'src', 'plugin']) {
      rmSync(path.join(appDir, dir), { recursive: true, force: true });
    }
    cpSync(TEMPLATE_DIR, appDir, { recursive: true });
    mkdirSync(path.join(appDir, 'public', 'uploads'), { recursive: true });

    // Named by content, so npm sees a new dependency whenever the build changed, and removed
    // from node_modules, so npm unpacks it again even when it did not.
    const digest = sha256(readFileSync(tarball.file)).slice(0, 12);
    const tarballName = path.basename(tarball.file, '.tgz') + `-${digest}.tgz`;
    mkdirSync(path.join(appDir, 'plugin'));
    copyFileSync(tarball.file, path.join(appDir, 'plugin', tarballName));
    rmSync(path.join(appDir, 'node_modules', PLUGIN_NAME), { recursive: true, force: true });
    const manifest = JSON.parse(template) as { dependencies: Record<string, string> };
    manifest.dependencies[PLUGIN_NAME] = `file:plugin/${tarballName}`;
    writeFileSync(path.join(appDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);

    const installed = await install(appDir);
    if (!warm) writeFileSync(keyFile, key);

    assertInstalledBuild(appDir, tarball.files);

    process.stdout.write(
      `\ntarball: ${tarballName} (${Math.round(tarball.size / 1024)} KiB, ${tarball.files.length} files) ` +
        `installed in ${warm ? 'the kept' : 'a new'} fresh app in ${installed.seconds.toFixed(1)} s ` +
        `(npm install${installed.summary ? `: ${installed.summary}` : ''}), ready after ` +
        `${((Date.now() - started) / 1000).toFixed(1)} s: ${appDir}\n`
    );
  } finally {
    rmSync(packDir, { recursive: true, force: true });
  }
};
