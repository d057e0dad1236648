/** How console logins and sessions behave (config: STAFF_*). */
export interface StaffAccountSettings {
  /** Failed logins in a row that lock an account. @defaultValue `5` */
  maxFailures: number;
  /** How long a lock lasts. @defaultValue `900` s */
  lockoutSeconds: number;
  /** A session unused this long expires. @defaultValue `1800` s */
  idleSeconds: number;
  /** A session expires this long after login. @defaultValue `28800` s */
  absoluteSeconds: number;
  /** The cookie's Secure flag. @defaultValue on in production */
  secureCookie: boolean;
  /** Login attempts per client address per minute; 0 turns the limit off. @defaultValue `30` */
  loginRatePerMinute: number;
}

export const DEFAULT_STAFF_ACCOUNT_SETTINGS: StaffAccountSettings = {
  maxFailures: 5,
  lockoutSeconds: 900,
  idleSeconds: 1800,
  absoluteSeconds: 8 * 3600,
  secureCookie: false,
  loginRatePerMinute: 30,
};
