// First step of `npm test`: stop with one message naming the missing Debian packages (and the
// apt-get line) instead of a dozen ENOENT stack traces minutes later. Runs before the build, so it
// loads the two TypeScript modules it needs through Node 22's type stripping (both import only
// Node built-ins).
import { resolveFfmpeg } from '../main/platform/ffmpeg.ts';
import { describeMissingPrerequisites, missingTestPrerequisites } from '../tests/support/prerequisites.ts';

const missing = missingTestPrerequisites(process.env, resolveFfmpeg().path !== null);
if (missing.length > 0) {
  console.error(describeMissingPrerequisites(missing));
  process.exit(1);
}
