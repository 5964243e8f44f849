// `npm start`: the desktop app when an Electron binary is installed; otherwise the core alone,
// with the control room opened in Chromium's app mode when a display is available.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** electron's npm package records its downloaded binary in path.txt; no file means no binary. */
function electronBinary() {
  const packageDir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = path.join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

function findChromium() {
  const candidates = [process.env.SAFETWIN_BROWSER, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((candidate) => candidate && existsSync(candidate)) ?? null;
}

const electron = electronBinary();
if (electron) {
  const child = spawn(electron, [path.join(root, 'dist', 'electron', 'main.js')], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  process.stderr.write(
    'SafeTwin: no Electron binary is installed (the electron package downloads it on first use, and this machine cannot reach its download host).\n' +
      'Starting the core service instead; the control room is the same web app in any Chromium-based browser.\n',
  );
  // The control room keeps history (the embedded historian) unless told otherwise (--historian, SAFETWIN_HISTORIAN, the config file).
  const core = spawn(process.execPath, [path.join(root, 'bin', 'safetwin.js'), 'serve', '--historian-default', 'embedded', '--demo-permits-default', ...process.argv.slice(2)], { stdio: ['inherit', 'pipe', 'inherit'] });
  let browserOpened = false;
  core.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    const url = /SafeTwin control room: (\S+)/.exec(String(chunk))?.[1];
    const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
    const chromium = findChromium();
    if (!url || browserOpened) return;
    browserOpened = true;
    if (hasDisplay && chromium) {
      const browser = spawn(chromium, [`--app=${url}`, '--no-first-run', `--user-data-dir=${path.join(root, '.chromium-profile')}`], { stdio: 'ignore', detached: true });
      browser.unref();
      process.stderr.write(`Opened the control room in ${chromium} (app mode).\n`);
    } else {
      process.stderr.write(`Open ${url} in Chromium or Chrome${hasDisplay ? '' : ' (no display here, so no browser was started)'}.\n`);
    }
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => core.kill(signal));
  core.on('exit', (code) => process.exit(code ?? 0));
}
