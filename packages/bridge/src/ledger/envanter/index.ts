/** Envanter Defteri (E) and its berat (EB): export reader, writer, GİB rules (its file checks: validate/envanter/; the whole run: flows/envanter-run.ts). */
export { readEnvanterExport } from './read-export.ts';
export { buildEnvanterBerat } from './berat.ts';
export { ENVANTER_REQUIRED, ENVANTER_OPTIONAL, MUC_COLUMNS, MEASURABLE_COLUMNS } from './columns.ts';
