import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';

/**
 * THE SEAM FOR ADMINISTRATOR AUTHENTICATION — NOT YET PROTECTED.
 *
 * Every operation reserved to hub administrators (and auditors) goes through
 * this guard: the member-registry mutations and the security-event log.
 * Authentication and roles arrive with issues 4 and 6; until then this guard
 * lets every caller through, so the hub's GraphQL endpoint must only be
 * reachable from the administrators' network (see docs/hub.md). Replace the
 * body of canActivate, not the call sites.
 */
@Injectable()
export class HubAdminGuard implements CanActivate {
  canActivate(_context: ExecutionContext): boolean {
    return true;
  }
}
