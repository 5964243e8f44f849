import { formatProblems, loadSceneFile } from '../scene/index.js';
import { EXIT_BAD_INPUT } from './exitCodes.js';

/** `safetwin scene validate <file…>`: a summary per valid file, located problems for the rest. */
export async function validateScenesCommand(files: string[]): Promise<void> {
  for (const file of files) {
    const result = await loadSceneFile(file);
    if (result.ok) {
      const s = result.scene;
      process.stdout.write(
        `${file}: valid scene "${s.site.id}" — ${s.areas.length} areas, ${s.equipment.length} equipment, ${s.sensors.length} sensors, ${s.cameras.length} cameras, ${s.personnel.length} badges\n`,
      );
    } else {
      process.stderr.write(`${formatProblems(result.problems)}\n`);
      process.exitCode = EXIT_BAD_INPUT;
    }
  }
}
