/** The core's Prometheus metrics. */
export { CoreMetrics } from './CoreMetrics.js';
