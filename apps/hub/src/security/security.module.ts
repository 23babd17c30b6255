import { Module } from '@nestjs/common';
import { SecurityEventsResolver } from './security-events.resolver.js';
import { SecurityEventsService } from './security-events.service.js';

/** The append-only security event log and its GraphQL view. */
@Module({
  providers: [SecurityEventsService, SecurityEventsResolver],
  exports: [SecurityEventsService],
})
export class SecurityModule {}
