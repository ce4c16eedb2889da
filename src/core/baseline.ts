import type { AppConfig } from './config.js';
import type { EngineContext } from './context.js';
import { ConflictError, InvalidRequestError, NotFoundError, UnsupportedNetworkModeError } from './errors.js';
import type { LoadBalancerAlias, LoadBalancerLink, ServiceSnapshot, TargetGroupSnapshot, TaskDefinitionSnapshot } from './ports.js';

/** The service an app's environments are cloned from, with what the clone needs to know about it. */
export interface Baseline {
  app: string;
  appConfig: AppConfig;
  service: ServiceSnapshot;
  taskDefinition: TaskDefinitionSnapshot;
  /** Undefined for network mode `none`: such clones get no routing at all. */
  routing?: { link: LoadBalancerLink; targetGroup: TargetGroupSnapshot; alias: LoadBalancerAlias };
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
 * The app's baseline, read at most once per BASELINE_CACHE_SECONDS per process (context.ts). `whenRouted` is called
 * (not awaited) as soon as the baseline is known to take traffic, so a caller's own read for a routed clone overlaps
 * the target group read instead of following the whole baseline read (on a cache hit: at once).
 */
export function loadBaseline(context: EngineContext, app: string, { whenRouted }: { whenRouted?: () => void } = {}): Promise<Baseline> {
  let signalled = false;
  const signal = (): void => {
    if (signalled) return;
    signalled = true;
    whenRouted?.();
  };
  const appConfig = appConfigOf(context, app);
  const baseline = context.baselines.get(app, () => readBaseline(context, app, appConfig, signal));
  baseline.then((read) => read.routing && signal(), () => undefined);
  return baseline;
}

async function readBaseline(context: EngineContext, app: string, appConfig: AppConfig, whenRouted: () => void): Promise<Baseline> {
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
  whenRouted();
  const [targetGroup, alias] = await Promise.all([
    // Its settings are copied; its tags are not needed.
    context.cloud.router.describeTargetGroup(link.targetGroupArn, { tags: false }),
    loadListenerAlias(context),
  ]);
  return { ...baseline, routing: { link, targetGroup, alias } };
}

/** The listener's load balancer as an alias target for DNS, read at most once per BASELINE_CACHE_SECONDS per process. */
export function loadListenerAlias(context: EngineContext): Promise<LoadBalancerAlias> {
  const { listenerArn } = context.config;
  return context.listeners.get(listenerArn, () => context.cloud.router.describeListener(listenerArn));
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
