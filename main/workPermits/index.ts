/**
 * Special-operation permits in the running core (issue 17): the register that keeps them in the historian's
 * records store with their signed trace and serves the write API, and the live checks that turn gas, people
 * and cameras near a permit into located alarms and suspensions. The rules themselves are main/permits.
 */
export type { ActivePermits } from './activePermits.js';
