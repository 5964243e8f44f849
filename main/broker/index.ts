/** The embedded MQTT broker the demo plant and single-machine sites use (Aedes, bounded packets). */
export { EmbeddedBroker } from './EmbeddedBroker.js';
