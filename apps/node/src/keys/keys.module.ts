import { Module, type DynamicModule } from '@nestjs/common';
import { JwksController } from './jwks.controller.js';
import { NodeKeys } from './node-keys.js';

/** The node's key file (read once at start-up) and its public JWKS endpoint. Global: NodeKeys is the node's one signing identity. */
@Module({})
export class KeysModule {
  /** `keyFile` null: the node runs without keys (no JWKS, no catalogue). A bad key file fails start-up. */
  static forRoot(keyFile: string | null, country: string): DynamicModule {
    return {
      module: KeysModule,
      controllers: [JwksController],
      providers: [{ provide: NodeKeys, useFactory: () => NodeKeys.load(keyFile, country) }],
      exports: [NodeKeys],
      global: true,
    };
  }
}
