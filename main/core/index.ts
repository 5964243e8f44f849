/** The composition root: starts every capability in order, wires them through the bus, and closes them in reverse. */
export { installLastResort } from './lastResort.js';
export { type CoreHandle, CoreStartError, startCore, type StartCoreOptions } from './startCore.js';
