/** Envanter Defteri (E) and its berat (EB): export reader, writer, GİB rules, validation and the whole run. */
export { runEnvanter, type EnvanterRunOptions, type EnvanterRunResult, type EnvanterFileInfo } from './run.ts';
export { readEnvanterExport } from './read-export.ts';
export { buildEnvanterBerat } from './berat.ts';
export { validateEnvanterFiles, envanterSch, type EnvanterFileReport } from './validate.ts';
export { ENVANTER_REQUIRED, ENVANTER_OPTIONAL, MUC_COLUMNS, MEASURABLE_COLUMNS } from './columns.ts';
