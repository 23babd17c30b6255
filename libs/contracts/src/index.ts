/**
 * Shared contracts of Littoral: vocabularies, country codes, licences, error
 * codes and plain data types used by every app. No framework or ORM imports.
 */
export * from './vocabularies.js';
export * from './countries.js';
export * from './licences.js';
export * from './errors.js';
export * from './dataset.js';
export * from './import.js';
export * from './purpose.js';
