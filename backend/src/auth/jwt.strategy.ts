import { createSecretKey } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AppConfig } from '../config/app-config';
import { AuthUser } from './auth-user';
import { AuthService } from './auth.service';
import { bearerToken, VerifiedClaims, VerifiedTokens } from './verified-tokens';

/** Verifies access tokens (signature, HS256 only, expiry) and remembers the ones that pass (see VerifiedTokens). */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    config: AppConfig,
    private readonly auth: AuthService,
    private readonly verifiedTokens: VerifiedTokens,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject, not a string: jsonwebtoken otherwise tries (and fails) to parse the secret as a public key on
      // every request, which cost ~2 ms of CPU per call in the auth benchmark.
      secretOrKey: createSecretKey(Buffer.from(config.env.JWT_SECRET)) as unknown as string,
      // Pinning the algorithm rejects `alg: none` and algorithm-confusion tokens.
      algorithms: ['HS256'],
      ignoreExpiration: false,
      passReqToCallback: true,
    });
  }

  /** Called by passport-jwt once the signature and expiry are verified. */
  validate(request: { headers: Record<string, string | string[] | undefined> }, claims: VerifiedClaims): Promise<AuthUser> {
    const token = bearerToken(request);
    if (token) this.verifiedTokens.remember(token, claims);
    return this.auth.authUserFromClaims(claims);
  }
}
