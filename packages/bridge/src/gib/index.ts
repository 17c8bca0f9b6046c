/**
 * GİB'e Gönder and Onaylı Beratı İndir (issue 6): upload packages, the signed SOAP client of GİB's
 * e-Defter web service (spec §4), the clock check, and GİB's counter-signature on approved berats
 * (spec §1.6).
 */
export * from './errors.ts';
export * from './settings.ts';
export * from './clock.ts';
export * from './pkipath.ts';
export * from './wssec.ts';
export * from './soap.ts';
export * from './client.ts';
export * from './packages.ts';
export * from './berat-binding.ts';
export * from './countersignature.ts';
export * from './approved.ts';
export * from './validation.ts';
export * from './send.ts';
export * from './download.ts';
export * from './session.ts';
export * from './doctor.ts';
