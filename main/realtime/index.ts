/** The socket gateway: authenticated screens, per-role event filtering, and the handlers capabilities register. */
export { type Capability, type CoreSocket, type FeatureConnection, type SocketFeature, SocketGateway, type SocketGatewayDeps, whenReady } from './SocketGateway.js';
