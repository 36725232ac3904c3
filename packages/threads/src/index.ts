export { collectGarbageWhenIdle, type IdleCollector, type IdleCollectorOptions } from './collect-garbage-when-idle';
export {
  IDLE_COLLECTION_POLICY,
  type IdleCollectionPolicy,
  type IdleCollectionSample,
  shouldCollectWhenIdle,
} from './idle-collection';
export { spawnModuleThread } from './spawn-module-thread';
