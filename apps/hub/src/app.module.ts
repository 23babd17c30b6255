import { Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { HubConfig } from '@littoral/config';
import type { Logger } from '@littoral/logging';
import { NatsLink } from '@littoral/messaging';
import { HealthController } from './health/health.controller.js';

/** The regional hub (skeleton: database, NATS link, health). */
@Module({})
export class HubAppModule implements OnApplicationShutdown {
  constructor(private readonly nats: NatsLink) {}

  static forRoot(config: HubConfig, logger: Logger): DynamicModule {
    return {
      module: HubAppModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ type: 'postgres', url: config.DATABASE_URL, synchronize: false, entities: [], applicationName: 'littoral-hub' }),
        }),
      ],
      controllers: [HealthController],
      providers: [
        {
          provide: NatsLink,
          useFactory: () => {
            const link = new NatsLink(config.NATS_URL, 'littoral-hub', logger);
            link.open();
            return link;
          },
        },
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.nats.close();
  }
}
