import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { consoleCsp, type ConsoleFiles } from './console-files.js';

export const CONSOLE_FILES = Symbol('CONSOLE_FILES');
export const CONSOLE_SETTINGS = Symbol('CONSOLE_SETTINGS');

/** What the console learns from its server at /console/config.json (no secret in it). */
export interface ConsoleSettings {
  app: 'hub' | 'node';
  /** The node's country; null on the hub. */
  country: string | null;
  /** Sign-in redirect to the configured issuer (authorization code + PKCE), or null. */
  oidc: { issuer: string; clientId: string } | null;
}

/**
 * Serves the built web console at /console/ (static files, public like
 * /health: the console holds no data, everything it shows comes from
 * /graphql with the user's own token). Strict CSP, no framing, no sniffing.
 */
@Controller()
export class ConsoleController {
  private readonly csp: string;

  constructor(
    @Inject(CONSOLE_FILES) private readonly files: ConsoleFiles,
    @Inject(CONSOLE_SETTINGS) private readonly settings: ConsoleSettings,
  ) {
    this.csp = consoleCsp(settings.oidc ? new URL(settings.oidc.issuer).origin : null);
  }

  @Get('console')
  root(@Req() req: Request, @Res() res: Response): void {
    if (!req.path.endsWith('/')) {
      res.redirect(301, '/console/');
      return;
    }
    this.send(req, res, 'index.html');
  }

  @Get('console/*path')
  file(@Req() req: Request, @Res() res: Response): void {
    const rel = req.path.slice('/console/'.length);
    if (rel === 'config.json') {
      this.headers(res);
      res.setHeader('Cache-Control', 'no-store');
      res.json(this.settings);
      return;
    }
    this.send(req, res, rel === '' ? 'index.html' : rel);
  }

  private send(req: Request, res: Response, rel: string): void {
    this.headers(res);
    const file = this.files.get(rel);
    if (!file) {
      res.status(404).type('text/plain').send(!this.files.built ? 'The web console is not built here (npm run build).\n' : 'Not found\n');
      return;
    }
    res.setHeader('Content-Type', file.type);
    res.setHeader('ETag', file.etag);
    res.setHeader('Cache-Control', file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    if (req.headers['if-none-match'] === file.etag) {
      res.status(304).end();
      return;
    }
    res.status(200).send(file.body);
  }

  private headers(res: Response): void {
    res.setHeader('Content-Security-Policy', this.csp);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  }
}
