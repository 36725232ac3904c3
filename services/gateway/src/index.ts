export { type RunningGateway, startServices } from './start-services';
