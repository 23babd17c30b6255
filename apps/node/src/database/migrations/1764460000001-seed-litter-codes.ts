import type { MigrationInterface, QueryRunner } from 'typeorm';
import { LITTER_CODES_2021 } from '../seeds/litter-codes.js';

export class SeedLitterCodes1764460000001 implements MigrationInterface {
  name = 'SeedLitterCodes1764460000001';

  async up(q: QueryRunner): Promise<void> {
    const values: string[] = [];
    const params: string[] = [];
    for (const [system, code, material, label] of LITTER_CODES_2021) {
      const i = params.length;
      values.push(`($${i + 1}, $${i + 2}, $${i + 3}, $${i + 4})`);
      params.push(system, code, material, label);
    }
    await q.query(`INSERT INTO litter_code (code_system, code, material, label) VALUES ${values.join(', ')}`, params);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM litter_code`);
  }
}
