import { dropDatabase, TEMPLATE_DB } from './db';

export default async function globalTeardown(): Promise<void> {
  await dropDatabase(process.env.LITTORAL_TEST_TEMPLATE ?? TEMPLATE_DB);
}
