import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditLog } from '@littoral/audit';
import type { HubConfig } from '@littoral/config';
import { Clock } from '../common/clock.js';
import { HUB_CONFIG } from '../common/tokens.js';
import { MembersResolver } from './members.resolver.js';
import { MembersService } from './members.service.js';

/** The member registry: members, their trusted keys, and the administrators' mutations. */
@Module({
  providers: [
    {
      provide: MembersService,
      inject: [DataSource, HUB_CONFIG, Clock, AuditLog],
      useFactory: (db: DataSource, config: HubConfig, clock: Clock, audit: AuditLog) => new MembersService(db, config.LITTORAL_MEMBERS, () => clock.now(), audit),
    },
    MembersResolver,
  ],
  exports: [MembersService],
})
export class MembersModule {}
