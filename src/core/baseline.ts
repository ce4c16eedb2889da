import type { AppConfig } from './config.js';
import type { EngineContext } from './context.js';
import { ConflictError, InvalidRequestError, NotFoundError, UnsupportedNetworkModeError } from './errors.js';
import type { LoadBalancerLink, ServiceSnapshot, TargetGroupSnapshot, TaskDefinitionSnapshot } from './ports.js';

/** The service an app's environments are cloned from, with what the clone needs to know about it. */
export interface Baseline {
  app: string;
  appConfig: AppConfig;
  service: ServiceSnapshot;
  taskDefinition: TaskDefinitionSnapshot;
  /** Undefined for network mode `none`: such clones get no routing at all. */
  routing?: { link: LoadBalancerLink; targetGroup: TargetGroupSnapshot };
}

export function appConfigOf(context: EngineContext, app: string): AppConfig {
  // Own keys only: `toString` or `__proto__` is no app.
  const appConfig = Object.hasOwn(context.config.apps, app) ? context.config.apps[app] : undefined;
  if (!appConfig) {
    const known = Object.keys(context.config.apps).join(', ');
    throw new InvalidRequestError(`unknown app "${app.slice(0, 64)}"; known apps: ${known}`, { app, field: ['app'] });
  }
  return appConfig;
}

/**
 * `whenRouted` is called (not awaited) as soon as the baseline is known to take traffic, so a caller's own read for a
 * routed clone overlaps the target group read instead of following the whole baseline read.
 */
export async function loadBaseline(context: EngineContext, app: string, { whenRouted }: { whenRouted?: () => void } = {}): Promise<Baseline> {
  const appConfig = appConfigOf(context, app);
  const { services } = context.cloud;
  const [service] = (await services.describeServices([appConfig.service])).filter((found) => found.status === 'ACTIVE');
  if (!service) {
    throw new NotFoundError(`baseline service ${appConfig.service} of app ${app} is not ACTIVE in cluster ${context.config.cluster}`, {
      app,
      resource: appConfig.service,
    });
  }
  const taskDefinition = await context.revisions.get(service.taskDefinitionArn, (arn) => services.describeTaskDefinition(arn));
  const baseline: Baseline = { app, appConfig, service, taskDefinition };
  if (taskDefinition.networkMode === 'none') return baseline;
  if (taskDefinition.networkMode === 'host' && !appConfig.hostPortsFree) {
    throw new UnsupportedNetworkModeError(
      `app ${app} uses network mode "host": a clone would compete with the baseline for the same host ports. ` +
        `Set apps.${app}.hostPortsFree to true only if its instances have those ports free`,
      { app },
    );
  }
  const link = trafficLink(service, taskDefinition, appConfig, app);
  whenRouted?.();
  const targetGroup = await context.cloud.router.describeTargetGroup(link.targetGroupArn);
  return { ...baseline, routing: { link, targetGroup } };
}

function trafficLink(service: ServiceSnapshot, taskDefinition: TaskDefinitionSnapshot, appConfig: AppConfig, app: string): LoadBalancerLink {
  const link = service.loadBalancers.find(
    (candidate) =>
      (appConfig.container === undefined || candidate.containerName === appConfig.container) &&
      (appConfig.port === undefined || candidate.containerPort === appConfig.port),
  );
  if (!link) {
    throw new ConflictError(
      `baseline service ${service.name} of app ${app} has no load balancer for ` +
        `${appConfig.container ?? 'any container'}:${appConfig.port ?? 'any port'}; check apps.${app}.container and port`,
      { app },
    );
  }
  const container = taskDefinition.containers.find((candidate) => candidate.name === link.containerName);
  if (!container) {
    throw new ConflictError(`task definition ${taskDefinition.arn} has no container ${link.containerName}`, { app });
  }
  return link;
}
