import { Controller, Get, Header, Res } from '@nestjs/common';
import type { Response } from 'express';
import { HubKeys } from './hub-keys.js';

/** The hub's public keys: nodes verify query envelopes with them (LITTORAL_HUB_JWKS). */
@Controller('.well-known')
export class HubJwksController {
  constructor(private readonly keys: HubKeys) {}

  @Get('jwks.json')
  @Header('Cache-Control', 'public, max-age=300')
  jwks(@Res({ passthrough: true }) res: Response) {
    const jwks = this.keys.jwks();
    if (jwks) return jwks;
    res.status(404).setHeader('Cache-Control', 'no-store');
    return { error: 'NO_KEY_FILE', message: 'The hub has no signing key configured (LITTORAL_HUB_KEY_FILE), so it sends no federated query' };
  }
}
