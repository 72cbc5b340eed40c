// `npm run dist:web`: the web shell as a Debian package, built with dpkg-deb from the already built app
// (`electron-vite build` runs first). Writes dist/gatepost_<version>-1_<arch>.deb and prints its path.
//
// The Node runtime is bundled (/usr/lib/gatepost/node): it is the very binary the native modules
// (better-sqlite3, unix-dgram: V8-ABI specific) were built and tested against, and Debian 12's own nodejs
// is 18, too old for the app; depending on a third-party nodejs ≥ 20 would break on the first major
// upgrade of that package (another ABI) with no way for dpkg to notice.
//
//   node scripts/build-deb.mjs [--out DIR] [--compression xz|gzip|zstd|none]
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = new URL('..', import.meta.url).pathname;
const RES = join(ROOT, 'resources');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const { values } = parseArgs({
  options: {
    out: { type: 'string', default: join(ROOT, 'dist') },
    compression: { type: 'string', default: 'xz' },
  },
});

// Bundled into the renderer by vite; the Node side never imports them.
const RENDERER_ONLY = new Set(['react', 'react-dom', 'i18next']);
// Peer or build-time packages the runtime never loads.
const NEVER_SHIPPED = new Set(['typescript', 'node-gyp', 'prebuild-install', 'nan', 'node-addon-api']);

function fail(message) {
  console.error(`dist:web: ${message}`);
  process.exit(1);
}

if (!existsSync(join(ROOT, 'out/main/web-shell.js')))
  fail('out/main/web-shell.js is missing: run electron-vite build');
try {
  execFileSync('dpkg-deb', ['--version'], { stdio: 'ignore' });
} catch {
  fail('dpkg-deb is missing (apt-get install dpkg-dev, or bash scripts/setup.sh)');
}
if (!existsSync(join(ROOT, 'node_modules/unix-dgram/build/Release/unix_dgram.node')))
  fail(
    'unix-dgram is not built (the service needs it for sd_notify): install a C++ toolchain and run npm ci',
  );

const arch = execFileSync('dpkg', ['--print-architecture'], { encoding: 'utf8' }).trim();
const version = `${pkg.version}-1`;
const stage = mkdtempSync(join(tmpdir(), 'gatepost-deb-'));
try {
  const root = join(stage, 'root');
  const lib = join(root, 'usr/lib/gatepost');
  const app = join(lib, 'app');

  // The built app: the web-shell entry and its chunks, without the Electron entry and without the demo
  // sandboxes (packaged builds have no demo mode; see host/demo.ts).
  mkdirSync(join(app, 'out'), { recursive: true });
  cpSync(join(ROOT, 'out/main'), join(app, 'out/main'), {
    recursive: true,
    filter: (src) => !/electron-main\.js$|[/\\]demo-kits-[^/\\]*\.js$/.test(src),
  });
  cpSync(join(ROOT, 'out/renderer'), join(app, 'out/renderer'), { recursive: true });
  writeFileSync(
    join(app, 'package.json'),
    `${JSON.stringify({ name: pkg.name, version: pkg.version, private: true, type: 'module' }, null, 2)}\n`,
  );
  const shipped = copyRuntimeDependencies(app);

  // The Node runtime the native modules were built for.
  mkdirSync(join(lib, 'node/bin'), { recursive: true });
  copyFileSync(process.execPath, join(lib, 'node/bin/node'));
  chmodSync(join(lib, 'node/bin/node'), 0o755);
  for (const license of [
    '/usr/share/doc/nodejs/LICENSE',
    join(dirname(process.execPath), '../share/doc/node/LICENSE'),
  ])
    if (existsSync(license)) {
      copyFileSync(license, join(lib, 'node/LICENSE'));
      break;
    }
  writeFileSync(join(lib, 'node/VERSION'), `${process.version} (modules ABI ${process.versions.modules})\n`);

  // The kiosk screen.
  install(join(RES, 'deb/kiosk-session'), join(lib, 'kiosk-session'), 0o755);
  install(join(RES, 'kiosk/chromium-flags.conf'), join(lib, 'chromium-flags.conf'));
  install(
    join(RES, 'deb/chromium-policy.json'),
    join(root, 'etc/chromium/policies/managed/gatepost-kiosk.json'),
  );
  // The units, tmpfiles, udev rules, defaults.
  install(join(RES, 'deb/gatepost.service'), join(root, 'lib/systemd/system/gatepost.service'));
  install(join(RES, 'deb/gatepost-kiosk.service'), join(root, 'lib/systemd/system/gatepost-kiosk.service'));
  install(join(RES, 'deb/tmpfiles.conf'), join(root, 'usr/lib/tmpfiles.d/gatepost.conf'));
  install(join(RES, 'udev/99-gatepost.rules'), join(root, 'lib/udev/rules.d/99-gatepost.rules'));
  install(join(RES, 'deb/default'), join(root, 'etc/default/gatepost'));
  install(join(ROOT, 'README.md'), join(root, 'usr/share/doc/gatepost/README.md'));
  writeFileSync(
    join(root, 'usr/share/doc/gatepost/copyright'),
    [
      'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/',
      'Upstream-Name: gatepost',
      '',
      'Files: *',
      `License: ${pkg.license}`,
      '',
      'Files: usr/lib/gatepost/node/*',
      'License: MIT (Node.js; see usr/lib/gatepost/node/LICENSE)',
      '',
      'Files: usr/lib/gatepost/app/node_modules/*',
      'License: see each package.json',
      '',
    ].join('\n'),
  );

  // Control files.
  const debian = join(root, 'DEBIAN');
  mkdirSync(debian);
  for (const script of ['postinst', 'prerm', 'postrm'])
    install(join(RES, `deb/${script}`), join(debian, script), 0o755);
  writeFileSync(
    join(debian, 'conffiles'),
    ['/etc/default/gatepost', '/etc/chromium/policies/managed/gatepost-kiosk.json', ''].join('\n'),
  );
  const installedKb = Number(
    execFileSync('du', ['-sk', '--exclude=DEBIAN', root], { encoding: 'utf8' }).split('\t')[0],
  );
  writeFileSync(
    join(debian, 'control'),
    [
      'Package: gatepost',
      `Version: ${version}`,
      `Architecture: ${arch}`,
      'Maintainer: Gatepost maintainers <gatepost@localhost>',
      `Installed-Size: ${installedKb}`,
      'Section: misc',
      'Priority: optional',
      // The bundled node needs only libc/libstdc++; node-hid needs libusb; adduser for the postinst.
      'Depends: adduser, libc6 (>= 2.28), libstdc++6 (>= 12), libgcc-s1, libusb-1.0-0',
      // The kiosk screen (gatepost-kiosk.service); a headless core works without them.
      'Recommends: chromium, xserver-xorg-core, xserver-xorg-input-libinput, xinit, x11-xserver-utils, udev',
      'Suggests: pcscd',
      `Description: ${pkg.description}`,
      ' The Gatepost kiosk core (web shell) with its own Node runtime, a systemd unit with watchdog and',
      ' hardening, udev rules for the supported scanners and relays, and a Chromium kiosk session.',
      ` Bundled Node ${process.version}. Runtime packages: ${shipped.join(', ')}.`,
      '',
    ].join('\n'),
  );

  mkdirSync(values.out, { recursive: true });
  const deb = join(values.out, `gatepost_${version}_${arch}.deb`);
  const z = values.compression === 'none' ? ['-Znone'] : [`-Z${values.compression}`];
  execFileSync('dpkg-deb', ['--root-owner-group', ...z, '--build', root, deb], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  console.log(deb);
} finally {
  rmSync(stage, { recursive: true, force: true });
}

function install(from, to, mode = 0o644) {
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
  chmodSync(to, mode);
}

/**
 * Copies the production dependency closure that the Node side loads (package.json dependencies and
 * optionalDependencies, minus what the renderer bundles), as installed, so the native modules are the
 * ones built and tested here. Build leftovers (sources, object files, other platforms' prebuilds) stay out.
 */
function copyRuntimeDependencies(app) {
  const names = [
    ...Object.keys(pkg.dependencies ?? {}),
    ...Object.keys(pkg.optionalDependencies ?? {}),
  ].filter((n) => !RENDERER_ONLY.has(n));
  const seen = new Map(); // package dir → name
  const visit = (name, fromDir, optional) => {
    let dir;
    try {
      dir = dirname(createRequire(join(fromDir, 'noop.js')).resolve(`${name}/package.json`));
    } catch {
      // Packages whose exports hide package.json: walk node_modules by hand.
      for (let d = fromDir; ; d = dirname(d)) {
        const candidate = join(d, 'node_modules', name);
        if (existsSync(join(candidate, 'package.json'))) {
          dir = candidate;
          break;
        }
        if (dirname(d) === d) break;
      }
    }
    if (!dir) {
      if (optional) return;
      fail(`runtime dependency ${name} is not installed (needed from ${relative(ROOT, fromDir) || '.'})`);
    }
    if (seen.has(dir) || NEVER_SHIPPED.has(name)) return;
    seen.set(dir, name);
    const meta = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    for (const dep of Object.keys(meta.dependencies ?? {})) visit(dep, dir, false);
    for (const dep of Object.keys(meta.optionalDependencies ?? {})) visit(dep, dir, true);
  };
  for (const name of names) visit(name, ROOT, name in (pkg.optionalDependencies ?? {}));

  for (const dir of seen.keys()) {
    const rel = relative(ROOT, dir);
    if (!rel.startsWith('node_modules')) fail(`unexpected dependency location ${rel}`);
    const nativeAddon = existsSync(join(dir, 'binding.gyp'));
    cpSync(dir, join(app, rel), {
      recursive: true,
      filter: (src) => {
        const inside = relative(dir, src);
        if (inside.startsWith('node_modules')) return false; // nested deps are copied on their own
        if (/^(deps|test|tests|docs?|\.github)(\/|$)/.test(inside)) return false;
        // A native addon's `src/` is its C++ source; other packages may load their code from `src/`
        // (debug's main is src/index.js), so it stays for them.
        if (nativeAddon && /^src(\/|$)/.test(inside)) return false;
        if (
          /^build\/(Release\/(obj\.target|\.deps|test_extension\.node)|[^/]*\.(mk|gypi?)$|Makefile$|config\.gypi$)/.test(
            inside,
          )
        )
          return false;
        if (/^build\/Release\/obj/.test(inside)) return false;
        if (/^prebuilds\/(?!linux-x64)[^/]+/.test(inside) && arch === 'amd64') return false;
        if (/\.(md|markdown|ts|map|cc|cpp|h|c)$/i.test(inside) && !inside.endsWith('.d.ts')) return false;
        return true;
      },
    });
  }
  for (const name of RENDERER_ONLY)
    if (
      readdirSync(join(app, 'out/main'), { recursive: true }).some(
        (f) =>
          String(f).endsWith('.js') &&
          readFileSync(join(app, 'out/main', String(f)), 'utf8').includes(`from "${name}"`),
      )
    )
      fail(`${name} is imported by the Node side but treated as renderer-only`);
  return [...new Set(seen.values())].sort();
}
