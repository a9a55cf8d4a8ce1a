import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const VERIFIER = join(__dirname, '../../../../scripts/verify-bundle.js');

/** `npm run verify-bundle -- <zip> <args>` as an auditor runs it: its exit code and what it printed. */
export async function runVerifier(zipPath: string, ...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await promisify(execFile)('node', [VERIFIER, zipPath, ...args]);
    return { code: 0, out: stdout };
  } catch (e) {
    const failed = e as { code: number; stdout: string };
    return { code: failed.code, out: failed.stdout };
  }
}
