import { Controller, Get, Header, Res } from '@nestjs/common';
import type { Response } from 'express';
import { NodeKeys } from './node-keys.js';

/** The node's public keys, so anyone can verify what it signed. */
@Controller('.well-known')
export class JwksController {
  constructor(private readonly keys: NodeKeys) {}

  @Get('jwks.json')
  @Header('Cache-Control', 'public, max-age=300')
  jwks(@Res({ passthrough: true }) res: Response) {
    const jwks = this.keys.jwks();
    if (jwks) return jwks;
    res.status(404).setHeader('Cache-Control', 'no-store');
    return { error: 'NO_KEY_FILE', message: 'This node has no signing keys configured (LITTORAL_KEY_FILE), so it publishes no catalogue' };
  }
}
