import { Controller, Get, Inject, Res } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Response } from 'express';
import type { NodeConfig } from '@littoral/config';
import { checkHealth, NatsLink } from '@littoral/messaging';
import { NODE_CONFIG } from '../common/tokens.js';
import { CatalogueHealth } from '../catalogue/catalogue-health.js';

/** Liveness and dependency status for operators and orchestrators. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly db: DataSource,
    private readonly nats: NatsLink,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
    private readonly catalogue: CatalogueHealth,
  ) {}

  @Get()
  async health(@Res({ passthrough: true }) res: Response) {
    const [report, catalogue] = await Promise.all([checkHealth(() => this.db.query('SELECT 1'), this.nats), this.catalogue.report()]);
    if (report.status === 'down') res.status(503);
    return { ...report, app: 'node', country: this.config.LITTORAL_COUNTRY, catalogue };
  }
}
