/**
 * The version of Agent Cost Lens, from package.json (its only home). The bundles inline it at
 * build time; the tsc output reads the JSON.
 */
import { version } from '../package.json';

export const VERSION: string = version;
