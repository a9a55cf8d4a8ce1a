import { Inject, InjectionToken, Provider } from '@nestjs/common';
import { collectDefaultMetrics, Counter, CounterConfiguration, Gauge, GaugeConfiguration, Registry } from 'prom-client';

/**
 * The service's own Prometheus registry. prom-client's global registry is one per process, so two
 * services started in one process (the integration tests) would report each other's counts; each
 * service gets its own, labelled with its name, and its metrics register only there.
 */
export class MetricsRegistry extends Registry {
  static forService(serviceName: string): MetricsRegistry {
    const registry = new MetricsRegistry();
    registry.setDefaultLabels({ service: serviceName });
    collectDefaultMetrics({ register: registry });
    return registry;
  }
}

const metricToken = (name: string) => `forewarn:metric:${name}`;

/** Injects a metric declared with `makeCounterProvider` / `makeGaugeProvider`. */
export const InjectMetric = (name: string) => Inject(metricToken(name));

/** A counter in the service's registry. */
export function makeCounterProvider(config: Omit<CounterConfiguration<string>, 'registers'>): Provider {
  return {
    provide: metricToken(config.name),
    inject: [MetricsRegistry],
    useFactory: (registry: MetricsRegistry) => new Counter({ ...config, registers: [registry] }),
  };
}

type GaugeConfig<D extends unknown[]> = Omit<GaugeConfiguration<string>, 'registers' | 'collect'> & {
  /** Providers handed to `collect` (e.g. a model to count from at scrape time). */
  inject?: InjectionToken[];
  collect?: (this: Gauge<string>, ...deps: D) => void | Promise<void>;
};

/** A gauge in the service's registry, optionally computed at scrape time from injected providers. */
export function makeGaugeProvider<D extends unknown[]>({ inject = [], collect, ...config }: GaugeConfig<D>): Provider {
  return {
    provide: metricToken(config.name),
    inject: [MetricsRegistry, ...inject],
    useFactory: (registry: MetricsRegistry, ...deps: unknown[]) =>
      new Gauge({
        ...config,
        registers: [registry],
        ...(collect ? { collect(this: Gauge<string>) { return collect.call(this, ...(deps as D)); } } : {}),
      }),
  };
}
