import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../tests/support/serveProcess.js';
import { describeMissingPrerequisites, missingTestPrerequisites } from '../tests/support/prerequisites.js';
import { makeTempDir } from '../tests/support/tempDir.js';

const SCRIPT = path.join(REPO_ROOT, 'scripts', 'checkTestPrerequisites.js');

/** A folder holding stand-ins for the Debian programs (and the font), so presence is decided here. */
function fakeInstall(options: { executable: boolean }) {
  const dir = makeTempDir('prereq');
  const bin = path.join(dir, 'bin');
  mkdirSync(bin);
  for (const program of ['mosquitto', 'mosquitto_pub', 'chromium', 'initdb', 'pdftoppm', 'pdftotext', 'pdfinfo', 'pdffonts']) {
    writeFileSync(path.join(bin, program), '#!/bin/sh\n');
    chmodSync(path.join(bin, program), options.executable ? 0o755 : 0o644);
  }
  const font = path.join(dir, 'NotoSansCJK-Regular.ttc');
  writeFileSync(font, '');
  return { PATH: bin, SAFETWIN_MOSQUITTO: path.join(bin, 'mosquitto'), SAFETWIN_CHROMIUM: path.join(bin, 'chromium'), SAFETWIN_CJK_FONT: font, SAFETWIN_POSTGRES_BIN: bin };
}

function runCheck(env: Record<string, string>) {
  // Only the given variables: the real PATH (with the real Debian programs) must not leak in.
  return spawnSync(process.execPath, [SCRIPT], { env, encoding: 'utf8', timeout: 20_000 });
}

describe('test prerequisites check (first step of npm test)', () => {
  it('stops with one message naming every missing package and the apt-get line, no stack trace', () => {
    const nowhere = makeTempDir('prereq-none');
    const result = runCheck({ PATH: nowhere, SAFETWIN_MOSQUITTO: path.join(nowhere, 'mosquitto'), SAFETWIN_CHROMIUM: path.join(nowhere, 'chromium'), SAFETWIN_CJK_FONT: path.join(nowhere, 'font.ttc'), SAFETWIN_POSTGRES_BIN: nowhere });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^The tests cannot run: Debian packages they need are not installed\.\n/);
    for (const name of ['mosquitto', 'mosquitto-clients', 'chromium', 'fonts-noto-cjk', 'poppler-utils', 'postgresql']) expect(result.stderr).toContain(`  - ${name}: `);
    expect(result.stderr).toContain('sudo apt-get update && sudo apt-get install -y mosquitto mosquitto-clients chromium fonts-noto-cjk poppler-utils postgresql\n');
    expect(result.stderr).not.toMatch(/ENOENT|\n\s+at /);
  });

  it('passes silently when every program and the font are there', () => {
    const result = runCheck(fakeInstall({ executable: true }));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('counts a program that is there but not executable as missing', () => {
    const result = runCheck(fakeInstall({ executable: false }));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('apt-get install -y mosquitto mosquitto-clients chromium poppler-utils postgresql\n');
  });

  it('names ffmpeg when the core cannot resolve one, and only what is missing', () => {
    const env = fakeInstall({ executable: true });
    expect(missingTestPrerequisites(env, true)).toEqual([]);
    const missing = missingTestPrerequisites(env, false);
    expect(missing.map((m) => m.debianPackage)).toEqual(['ffmpeg']);
    expect(describeMissingPrerequisites(missing).split('\n').at(-1)).toBe('  sudo apt-get update && sudo apt-get install -y ffmpeg');
  });
});
