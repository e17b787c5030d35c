import { ApiKey } from '../api-keys/api-key.entity';
import { RefreshToken } from '../auth/refresh-token.entity';
import { User } from '../users/user.entity';

/** Every TypeORM entity of the application. Domains append theirs here. */
export const ENTITIES: Function[] = [User, RefreshToken, ApiKey];
