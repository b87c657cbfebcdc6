import { rmSync } from 'node:fs';
import { figuresTable, FIGURES_FILE_ENV } from './figures';

/** Global teardown of the e2e project: prints the reliability table when a reliability spec ran, then removes the file. */
export default function printFigures(): void {
  const file = process.env[FIGURES_FILE_ENV];
  if (!file) return;
  const table = figuresTable(file);
  rmSync(file, { force: true });
  if (table) process.stdout.write(`\nReliability figures of this run:\n\n${table}\n\n`);
}
