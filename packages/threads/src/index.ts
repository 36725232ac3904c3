export { spawnModuleThread } from './spawn-module-thread';
