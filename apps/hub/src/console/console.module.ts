import { Module, type DynamicModule } from '@nestjs/common';
import { loadHubAuthConfig } from '../auth/hub-auth.config.js';
import { CONSOLE_FILES, CONSOLE_SETTINGS, ConsoleController, ConsoleFiles, defaultConsoleDir, loadConsoleConfig, type ConsoleSettings } from '@littoral/console-server';

/** The web console (docs/console.md) served by the hub at /console/. */
@Module({})
export class ConsoleModule {
  static forRoot(env: Readonly<Record<string, string | undefined>>): DynamicModule {
    const config = loadConsoleConfig(env);
    const auth = loadHubAuthConfig(env);
    const issuer = auth.LITTORAL_AUTH_ISSUER;
    const oidc = config.LITTORAL_CONSOLE_OIDC_CLIENT_ID && issuer && /^https:\/\//.test(issuer) ? { issuer, clientId: config.LITTORAL_CONSOLE_OIDC_CLIENT_ID } : null;
    return {
      module: ConsoleModule,
      controllers: [ConsoleController],
      providers: [
        { provide: CONSOLE_FILES, useFactory: () => new ConsoleFiles(config.LITTORAL_CONSOLE_DIR ?? defaultConsoleDir()) },
        { provide: CONSOLE_SETTINGS, useValue: { app: 'hub', country: null, oidc } satisfies ConsoleSettings },
      ],
    };
  }
}
