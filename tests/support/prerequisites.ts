// Node built-ins only: scripts/checkTestPrerequisites.js loads this file with Node's type stripping
// before anything is built, so it may import nothing that needs compiling or path rewriting.
import { accessSync, constants, readdirSync } from 'node:fs';
import path from 'node:path';

type Env = Record<string, string | undefined>;

/** Where the tests find the Debian programs (README "Environment"); each path can be overridden. */
export const testBinaryPaths = (env: Env) => ({
  mosquitto: env.SAFETWIN_MOSQUITTO ?? '/usr/sbin/mosquitto',
  chromium: env.SAFETWIN_CHROMIUM ?? '/usr/bin/chromium',
  cjkFont: env.SAFETWIN_CJK_FONT ?? '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  postgresBin: env.SAFETWIN_POSTGRES_BIN ?? newestDebianPostgresBin(),
});

/** Debian installs each PostgreSQL major version in /usr/lib/postgresql/<major>/bin; the newest one is used. */
function newestDebianPostgresBin(): string {
  const root = '/usr/lib/postgresql';
  let majors: string[] = [];
  try {
    majors = readdirSync(root).filter((name) => /^\d+$/.test(name));
  } catch {
    // No PostgreSQL installed: the default path below is reported missing.
  }
  const newest = majors.sort((a, b) => Number(b) - Number(a))[0] ?? '15';
  return path.join(root, newest, 'bin');
}

export const MOSQUITTO_PATH = testBinaryPaths(process.env).mosquitto;
export const CHROMIUM_PATH = testBinaryPaths(process.env).chromium;
export const POSTGRES_BIN_DIR = testBinaryPaths(process.env).postgresBin;

export interface TestPrerequisite {
  debianPackage: string;
  /** What the tests use it for, shown beside the package name. */
  neededFor: string;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function isReadable(file: string): boolean {
  try {
    accessSync(file, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(program: string, env: Env): boolean {
  return (env.PATH ?? '').split(path.delimiter).some((dir) => dir !== '' && isExecutable(path.join(dir, program)));
}

/**
 * The Debian packages the test suite needs that this machine lacks. ffmpeg is resolved by the core's
 * own order (FFMPEG_PATH, npm packages, /usr/bin/ffmpeg), so the caller passes whether it was found.
 */
export function missingTestPrerequisites(env: Env, ffmpegFound: boolean): TestPrerequisite[] {
  const paths = testBinaryPaths(env);
  const checks: (TestPrerequisite & { present: boolean })[] = [
    { debianPackage: 'mosquitto', neededFor: `the MQTT broker of the integration and e2e tests (${paths.mosquitto}, or SAFETWIN_MOSQUITTO)`, present: isExecutable(paths.mosquitto) },
    { debianPackage: 'mosquitto-clients', neededFor: 'mosquitto_pub on PATH, which publishes test messages', present: onPath('mosquitto_pub', env) },
    { debianPackage: 'chromium', neededFor: `the browser of the e2e tests (${paths.chromium}, or SAFETWIN_CHROMIUM)`, present: isExecutable(paths.chromium) },
    { debianPackage: 'ffmpeg', neededFor: 'decoding camera video and images (or FFMPEG_PATH)', present: ffmpegFound },
    { debianPackage: 'fonts-noto-cjk', neededFor: `Chinese text in the zh-CN browser tests (${paths.cjkFont})`, present: isReadable(paths.cjkFont) },
    { debianPackage: 'poppler-utils', neededFor: 'pdftoppm, pdftotext, pdfinfo and pdffonts on PATH, which read the report PDFs back', present: ['pdftoppm', 'pdftotext', 'pdfinfo', 'pdffonts'].every((program) => onPath(program, env)) },
    { debianPackage: 'postgresql', neededFor: `the historian's PostgreSQL engine tests, a throw-away cluster (${paths.postgresBin}/initdb, or SAFETWIN_POSTGRES_BIN)`, present: isExecutable(path.join(paths.postgresBin, 'initdb')) },
  ];
  return checks.filter((check) => !check.present).map(({ debianPackage, neededFor }) => ({ debianPackage, neededFor }));
}

/** One message that names what is missing and the command that installs it. */
export function describeMissingPrerequisites(missing: TestPrerequisite[]): string {
  const packages = missing.map((m) => m.debianPackage).join(' ');
  return [
    'The tests cannot run: Debian packages they need are not installed.',
    ...missing.map((m) => `  - ${m.debianPackage}: ${m.neededFor}`),
    'Install them with:',
    `  sudo apt-get update && sudo apt-get install -y ${packages}`,
  ].join('\n');
}
