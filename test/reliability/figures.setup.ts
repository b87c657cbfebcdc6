import { FIGURES_FILE_ENV, newFiguresFile } from './figures';

/** Global setup of the e2e project: one figures file per jest run, named before the workers start (they inherit it). */
export default function setupFigures(): void {
  process.env[FIGURES_FILE_ENV] ??= newFiguresFile();
}
