import { generateKeyPair, jwtVerify, SignJWT, type CryptoKey, type JWTPayload } from 'jose';

/** Claims as in the seed's sample JWT (research/api-contracts.md), plus `integratorType` for lite sessions. */
export interface SessionClaims extends JWTPayload {
  deviceId: number;
  deviceName: string;
  deviceNumber: number;
  serialNumber: string;
  venueName: string;
  venueCode: string;
  checkpointLayoutId: number;
  checkpointLayoutName: string;
  checkpointLayoutCode: string;
  specialAreaId: string | null;
  specialAreaName: string | null;
  specialAreaMaxCapacity: number | null;
  specialAreaMaxEntryPerTicket: number | null;
  specialAreaRequireEntryExit: boolean | null;
  checkpointId: number;
  checkpointName: string;
  partnerId: string;
  deviceType: string;
  dataAccountId: string;
  accessorySerialNumber: string | null;
  accessoryNumber: string | null;
  venueTimezone: string;
  integratorType: 'FULL' | 'LIMITED';
}

/** Signs and checks session JWTs with an RS256 key pair made when the sandbox starts. */
export class JwtIssuer {
  private constructor(
    private readonly privateKey: CryptoKey,
    private readonly publicKey: CryptoKey,
    private readonly ttlSeconds: number,
    private readonly clock: () => number,
  ) {}

  static async create(ttlSeconds: number, clock: () => number): Promise<JwtIssuer> {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    return new JwtIssuer(privateKey, publicKey, ttlSeconds, clock);
  }

  async issue(claims: Omit<SessionClaims, 'iat' | 'exp'>): Promise<string> {
    const iat = Math.floor(this.clock() / 1000);
    return new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
      .setIssuedAt(iat)
      .setExpirationTime(iat + this.ttlSeconds)
      .sign(this.privateKey);
  }

  /** The claims of a valid, unexpired token (by the sandbox clock), or undefined. */
  async verify(token: string): Promise<SessionClaims | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.publicKey, {
        algorithms: ['RS256'],
        currentDate: new Date(this.clock()),
      });
      return payload as SessionClaims;
    } catch {
      return undefined;
    }
  }
}
