import pino, { type Logger } from 'pino';
import type { AppConfig } from '../config/config';

/** One structured logger per process; request and job loggers are its children. */
export function createLogger(config: Pick<AppConfig, 'logLevel'>, name: string): Logger {
  return pino({
    name,
    level: config.logLevel,
    // Personal data must never reach logs through a careless `log.info(input)`.
    redact: { paths: ['*.idNumber', '*.idNumbers', '*.name', 'req.headers.authorization'], censor: '[redacted]' },
  });
}

export type { Logger };
