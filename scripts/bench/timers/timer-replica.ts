// One replica of a service that uses @forewarn/scheduling, started by timers-bench.ts in its own
// OS process. Its handler records each firing with an insert, as a real handler writes its result.
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { DynamicModule, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { MessagingModule } from '@forewarn/messaging';
import { loadConfig, PlatformModule, ServiceConfig, startService } from '@forewarn/platform';
import { DurableTimers, SchedulingModule } from '@forewarn/scheduling';

const replica = process.env.BENCH_REPLICA ?? 'r?';

@Injectable()
class BenchTimers implements OnModuleInit {
  constructor(
    readonly timers: DurableTimers,
    @InjectConnection() private readonly connection: Connection,
  ) {}

  onModuleInit(): void {
    const firings = this.connection.collection('bench_firings');
    this.timers.handle('bench', async (timer) => {
      await firings.insertOne({ _id: randomUUID() as never, timerId: timer.id, replica, at: new Date() });
    });
  }
}

@Module({})
class BenchReplicaModule {
  static register(config: ServiceConfig): DynamicModule {
    return {
      module: BenchReplicaModule,
      imports: [
        PlatformModule.forService({ serviceName: 'timer-bench', config, databaseName: 'timer_bench' }),
        MessagingModule.forService({ serviceName: 'timer-bench', config, topics: [] }),
        SchedulingModule.forService(),
      ],
      providers: [BenchTimers],
    };
  }
}

async function main(): Promise<void> {
  const config = loadConfig(ServiceConfig, { PORT: '0', AUTH_JWT_SECRET: 'bench-secret-bench-secret-bench-secret', LOG_LEVEL: 'warn', ...process.env });
  const app = await startService(BenchReplicaModule.register(config), config, { title: 'timer bench', description: 'timer bench' }, { listen: false });
  const timers = app.get(BenchTimers).timers;
  process.on('message', (message: { seed?: number; dueAt?: string; stop?: boolean }) => {
    if (message.stop) void app.close().then(() => process.exit(0));
    if (message.seed) {
      const dueAt = new Date(message.dueAt!);
      const specs = Array.from({ length: message.seed }, (_, i) => ({ id: `bench-${i}`, kind: 'bench', dueAt }));
      void timers.scheduleMany(specs).then(() => process.send!({ seeded: true }));
    }
  });
  process.send!({ ready: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
