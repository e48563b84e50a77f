import {
  createPrivateKey,
  createPublicKey,
  generateKeyPair,
  sign,
  verify,
  type KeyObject,
} from "node:crypto";
import { promisify } from "node:util";

export type JwtClaims = Record<string, unknown> & {
  iss?: string;
  sub?: string;
  aud?: string | string[];
  exp?: number;
  nbf?: number;
  iat?: number;
};

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: JwtClaims;
  signingInput: string;
  signature: Buffer;
}

/** Signs RS256 JWTs like Entra ID does, and publishes the key as a JWKS. */
export class JwtSigner {
  private constructor(
    private readonly privateKey: KeyObject,
    private readonly publicKey: KeyObject,
    readonly kid: string,
  ) {}

  /** Called with each token signed: the secret scan learns every token the emulator issues. */
  onSign?: (token: string) => void;

  /** The private key as PKCS#8 PEM, so a scan can look for it in captured output. */
  privateKeyPem(): string {
    return String(this.privateKey.export({ type: "pkcs8", format: "pem" }));
  }

  static async create(kid: string): Promise<JwtSigner> {
    const { privateKey } = await promisify(generateKeyPair)("rsa", { modulusLength: 2048 });
    const pem = privateKey.export({ type: "pkcs8", format: "pem" });
    const key = createPrivateKey(pem);
    return new JwtSigner(key, createPublicKey(key), kid);
  }

  sign(claims: JwtClaims): string {
    const header = { typ: "JWT", alg: "RS256", kid: this.kid, x5t: this.kid };
    const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
    const signature = sign("sha256", Buffer.from(input), this.privateKey);
    const token = `${input}.${b64url(signature)}`;
    this.onSign?.(token);
    return token;
  }

  /** True when the token was signed by this key. */
  verifies(token: string): boolean {
    const decoded = decodeJwt(token);
    if (!decoded || decoded.header.alg !== "RS256") return false;
    return verify("sha256", Buffer.from(decoded.signingInput), this.publicKey, decoded.signature);
  }

  jwks(): { keys: unknown[] } {
    const jwk = this.publicKey.export({ format: "jwk" });
    return { keys: [{ ...jwk, kid: this.kid, x5t: this.kid, use: "sig", alg: "RS256" }] };
  }
}

export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  try {
    const header = JSON.parse(Buffer.from(parts[0]!, "base64url").toString("utf8"));
    const payload = JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8"));
    if (!header || typeof header !== "object" || !payload || typeof payload !== "object") {
      return undefined;
    }
    return {
      header,
      payload,
      signingInput: `${parts[0]}.${parts[1]}`,
      signature: Buffer.from(parts[2]!, "base64url"),
    };
  } catch {
    return undefined;
  }
}

function b64url(data: string | Buffer): string {
  return Buffer.from(data).toString("base64url");
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
