// electron-builder afterPack hook: flips the Electron fuses on the packed binary, before the AppImage, deb
// or NSIS target wraps it. Fuses are read by Electron at start and cannot be changed by the app or its
// command line, so they close doors the kiosk never uses.
const path = require('node:path');
const { flipFuses, FuseVersion, FuseV1Options } = require('@electron/fuses');

/** Every fuse set explicitly (strictlyRequireAllFuses), so a new Electron fuse cannot slip by unnoticed. */
const fuses = {
  version: FuseVersion.V1,
  strictlyRequireAllFuses: true,
  // No ELECTRON_RUN_AS_NODE: the binary cannot be used as a plain Node with the app's privileges.
  [FuseV1Options.RunAsNode]: false,
  // Cookies and local storage encrypted at rest with the OS keystore.
  [FuseV1Options.EnableCookieEncryption]: true,
  // NODE_OPTIONS and --inspect/--inspect-brk are ignored: no injecting code or a debugger from outside.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // The asar's integrity is checked against the hash embedded at build time (enforced on macOS and
  // Windows; Linux ignores it today), and the app loads only from the asar, never a loose app folder.
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  // Kept: the renderer is loaded from file:// and its ES modules need the file protocol's privileges.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: true,
};

/** The Electron executable inside electron-builder's unpacked app directory. */
function electronBinary(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const name = packager.appInfo.productFilename;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas')
    return path.join(appOutDir, `${name}.app`);
  if (electronPlatformName === 'win32') return path.join(appOutDir, `${name}.exe`);
  return path.join(appOutDir, packager.executableName);
}

async function afterPack(context) {
  const binary = electronBinary(context);
  await flipFuses(binary, { ...fuses, resetAdHocDarwinSignature: context.electronPlatformName === 'darwin' });
  console.log(`  • fuses set on ${binary}`);
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.fuses = fuses;
module.exports.electronBinary = electronBinary;
