export function electronPackageDir(): string | undefined;
export function findElectronBinary(opts?: {
  tryInstall?: boolean;
  timeoutMs?: number;
}): { path: string } | { missing: string };
