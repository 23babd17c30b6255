import { Controller, Get, Res } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Response } from 'express';
import { checkHealth, NatsLink } from '@littoral/messaging';
import { CatalogueConsumer } from '../catalogue/catalogue-consumer.js';

@Controller('health')
export class HealthController {
  constructor(
    private readonly db: DataSource,
    private readonly nats: NatsLink,
    private readonly consumer: CatalogueConsumer,
  ) {}

  @Get()
  async health(@Res({ passthrough: true }) res: Response) {
    const report = await checkHealth(() => this.db.query('SELECT 1'), this.nats);
    if (report.status === 'down') res.status(503);
    return { ...report, app: 'hub', catalogueConsumer: this.consumer.status() };
  }
}
