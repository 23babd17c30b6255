import { Module, type DynamicModule } from '@nestjs/common';
import type { NodeConfig } from '@littoral/config';
import { loadAuthConfig } from '../auth/auth.config.js';
import { CONSOLE_FILES, CONSOLE_SETTINGS, ConsoleController, ConsoleFiles, defaultConsoleDir, loadConsoleConfig, type ConsoleSettings } from '@littoral/console-server';

/** The web console (docs/console.md) served by the node at /console/, for its own administrators, operators and auditors. */
@Module({})
export class ConsoleModule {
  static forRoot(node: NodeConfig, env: Readonly<Record<string, string | undefined>>): DynamicModule {
    const config = loadConsoleConfig(env);
    const issuer = loadAuthConfig(env).LITTORAL_AUTH_ISSUER;
    const oidc = config.LITTORAL_CONSOLE_OIDC_CLIENT_ID && issuer && /^https:\/\//.test(issuer) ? { issuer, clientId: config.LITTORAL_CONSOLE_OIDC_CLIENT_ID } : null;
    const settings: ConsoleSettings = { app: 'node', country: node.LITTORAL_COUNTRY, oidc };
    return {
      module: ConsoleModule,
      controllers: [ConsoleController],
      providers: [
        { provide: CONSOLE_FILES, useFactory: () => new ConsoleFiles(config.LITTORAL_CONSOLE_DIR ?? defaultConsoleDir()) },
        { provide: CONSOLE_SETTINGS, useValue: settings },
      ],
    };
  }
}
