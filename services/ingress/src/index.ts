export { createIngressApp, type IngressDependencies } from './create-ingress-app';
export { listRoutes, type RouteDescription } from './list-routes';
export { type IngressServiceOptions, type RunningIngressService, startIngressService } from './start-ingress-service';
