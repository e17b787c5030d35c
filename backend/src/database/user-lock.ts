import type { EntityManager } from 'typeorm';

/**
 * Locks the user's row until the surrounding transaction ends: it serialises one user's writers (portfolio and
 * alert quotas, the holdings check), so checks made inside the transaction hold under parallel requests.
 */
export async function lockUserRow(manager: EntityManager, userId: string): Promise<void> {
  await manager.query(`SELECT id FROM users WHERE id = $1 FOR UPDATE`, [userId]);
}
