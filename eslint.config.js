// Layer rules of docs/architecture (see README "Architecture"): enforced here, and by each layer's tsconfig
// (main/ has no DOM types, renderer/ has no Node types, contracts/ has neither).
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import i18next from 'eslint-plugin-i18next';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import moduleBoundaries from './eslint-rules/moduleBoundaries.js';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

const restrict = (patterns, paths = []) => ['error', { patterns, paths }];

/*
 * The core's modules from the bottom up (docs/architecture.md §1): a module imports only modules on lower
 * rows, and only through their surface, index.js.
 */
const CORE_MODULE_LAYERS = [
  ['contracts'],
  ['platform', 'metrics'],
  ['log'],
  ['bus', 'scene', 'alarms', 'personnel', 'permits', 'hazards', 'dispatch', 'dispersion', 'auth', 'ingest', 'frames', 'broker'],
  ['audit', 'simulator', 'indicators'],
  ['privacy', 'evacuation', 'recording', 'live'],
  ['historian'],
  ['http'],
  ['realtime'],
  ['vision', 'studies', 'workPermits', 'contractors', 'doublePrevention', 'dispatchDesk'],
  ['players', 'indicatorDesk'],
  ['reports'],
  ['config'],
  ['core'],
  ['cli'],
  ['(root)'],
];
/*
 * Second, smaller surfaces, for code that must load little: what the CLI's --help prints, the configuration
 * schemas (reading a configuration never loads a module's runtime), and parts that pull a package only some
 * commands need. tests/integration/cliStartup.test.ts measures what each command loads.
 */
const EXTRA_ENTRIES = {
  contracts: ['roles.js'], // --help
  platform: ['packageInfo.js'], // --help, --version
  config: ['configNames.js'], // --help
  ingest: ['ingestConfig.js'],
  vision: ['visionCoreConfig.js'],
  historian: ['retentionConfig.js', 'importRecording.js'], // importRecording: the MCAP reader, for `history import` only
  reports: ['reportsConfig.js'], // the configuration, without the printer and its browser driver
  simulator: ['SimulatorPublisher.js'], // mqtt: the evacuation studies use the simulator's seeded random numbers
};

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-artifacts/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['main/contracts/**/*.ts'],
    // Tests run in Node beside the module; the rules guard what ships.
    ignores: ['**/*.test.ts'],
    rules: {
      // contracts: zod and each other, nothing else (both processes load this module).
      'no-restricted-imports': restrict([
        { regex: '^(?!zod$|\\./)', message: 'main/contracts may import only zod and other contracts modules.' },
      ]),
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/contracts/**'],
    rules: {
      'no-restricted-imports': restrict(
        [
          { group: ['**/renderer/**', '**/electron/**'], message: 'The core must not import the renderer or the Electron shell.' },
          { group: ['react', 'react-dom', 'three', '@react-three/*', 'socket.io-client'], message: 'UI libraries belong to renderer/.' },
        ],
        [{ name: 'electron', message: 'main/ is a plain Node core: only electron/ imports electron.' }],
      ),
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['**/*.test.ts'],
    plugins: { safetwin: { rules: { 'module-boundaries': moduleBoundaries } } },
    rules: { 'safetwin/module-boundaries': ['error', { layers: CORE_MODULE_LAYERS, extraEntries: EXTRA_ENTRIES }] },
  },
  {
    // A promise nobody awaits or catches in the core is an unhandled rejection waiting to happen, or work
    // that silently never finishes: type-aware rules find them (issue 15). Core sources only, tests aside.
    files: ['main/**/*.ts'],
    ignores: ['**/*.test.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    // Synchronous file calls block the core's one event loop (every screen's frames and alarms wait):
    // banned in main/ outside the CLI and configuration loading. The files below read once, at start or
    // when a connection is set up, what a configuration names (model manifests, TLS files, the package
    // file). Worker-thread entries run off the core's loop. A start-up check elsewhere (is the renderer
    // built, is a compiled worker there) is allowed where it stands, with the reason beside it.
    files: ['main/**/*.ts'],
    ignores: [
      '**/*.test.ts',
      '**/*.worker.ts',
      'main/cli/**',
      'main/config/**',
      'main/vision/modelManifest.ts',
      'main/ingest/mqttConnection.ts',
      'main/platform/packageInfo.ts',
      'main/platform/ffmpeg.ts',
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ImportDeclaration[source.value=/^(node:)?fs$/] ImportSpecifier[imported.name=/Sync$/]',
          message: 'No synchronous file calls in main/ outside the CLI and configuration loading: use node:fs/promises.',
        },
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([
        { group: ['**/renderer/**'], message: 'The shell loads the renderer over HTTP; it never imports it.' },
        { regex: '^\\.\\./main/(?!index\\.js$|contracts/)', message: 'electron/ may import only the core entry (main/index.js) and main/contracts.' },
      ]),
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/vite.config.ts', '**/*.test.ts'],
    plugins: { i18next },
    rules: {
      'no-restricted-imports': restrict(
        [
          { group: ['**/main/**', '!**/main/contracts', '!**/main/contracts/**'], message: 'The renderer reaches the core only through @contracts and socket.io.' },
          { group: ['electron', 'electron/*'], message: 'The renderer must work in a plain browser: use the optional desktop bridge.' },
        ],
        nodeBuiltins.map((name) => ({ name, message: 'The renderer runs in a browser: no Node built-ins.' })),
      ),
      // Every visible string goes through i18n (zh-CN and en).
      'i18next/no-literal-string': ['error', { mode: 'jsx-text-only' }],
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: { globals: globals.node },
  },
);
