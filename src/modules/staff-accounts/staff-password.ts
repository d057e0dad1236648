import { hash, verify } from '@node-rs/argon2';

/**
 * Argon2id (the library's default algorithm) with its default cost: 19 MiB and 2 passes, OWASP's
 * minimum for Argon2id. The PHC string carries its parameters, so a later change of cost still verifies old hashes.
 */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

let decoy: Promise<string> | undefined;

/**
 * Whether `password` matches `passwordHash`; with no hash (an unknown user) a decoy hash is
 * checked instead, so an unknown user costs the same time as a wrong password.
 */
export async function passwordMatches(passwordHash: string | undefined, password: string): Promise<boolean> {
  decoy ??= hash('decoy password of no account');
  const stored = passwordHash ?? (await decoy);
  const ok = await verify(stored, password).catch(() => false);
  return ok && passwordHash !== undefined;
}
