import { PACKAGE_JSON } from './package-root.js';

/** The package version, from bulletin's package.json. */
export const VERSION: string = PACKAGE_JSON.version;
