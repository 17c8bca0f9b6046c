/** ISO 4217 currency codes as GİB's schematron lists them: @edefter/domain currencies.ts. */
export { CURRENCIES } from '@edefter/domain';
