import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { hubSchema, loadConfig, redactUrl, redactNatsUrls, type HubConfig } from '@littoral/config';
import { readNatsLogin } from '@littoral/messaging';
import { createLogger, PinoNestLogger, type Logger } from '@littoral/logging';
import { HubAppModule } from './app.module.js';
import { hubStreamNames } from './catalogue/catalogue-stream-names.js';

export interface StartedHub {
  app: INestApplication;
  url: string;
  config: HubConfig;
  logger: Logger;
}

/** Validates configuration, boots the hub and listens on PORT. */
export async function startHub(env: Readonly<Record<string, string | undefined>> = process.env): Promise<StartedHub> {
  const config = loadConfig(hubSchema, env);
  const logger = createLogger('littoral-hub', config.LOG_LEVEL);
  // Read before anything starts: a bad login stops the app at once, leaving nothing running.
  const natsLogin = await readNatsLogin(config);
  const app = await NestFactory.create(HubAppModule.forRoot(config, logger, env, natsLogin), { logger: new PinoNestLogger(logger), abortOnError: false });
  app.enableShutdownHooks();
  await app.listen(config.PORT, '0.0.0.0');
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = `http://127.0.0.1:${port}`;
  logger.info({ url, database: redactUrl(config.DATABASE_URL), nats: redactNatsUrls(config.NATS_URL), members: config.LITTORAL_MEMBERS, stream: hubStreamNames(config), consumer: config.HUB_CONSUMER_NAME }, 'hub started');
  return { app, url, config, logger };
}
