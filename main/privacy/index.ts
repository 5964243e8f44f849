/** Personal data (PIPL): what each role may see, applied before anything is sent (docs/security.md). */
export { anonymousVisionEvent, mayViewPersonalData, PersonalData } from './PersonalData.js';
export { emitByGrant } from './emitByGrant.js';
