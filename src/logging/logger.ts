import pino, { type DestinationStream, type Logger } from 'pino';
import type { AppConfig } from '../config/config';

/**
 * One structured logger per process; request and job loggers are its children.
 * `destination` is stdout unless a test reads what is logged.
 */
export function createLogger(config: Pick<AppConfig, 'logLevel'>, name: string, destination?: DestinationStream): Logger {
  const options = {
    name,
    level: config.logLevel,
    // Personal data must never reach logs through a careless `log.info(input)`.
    redact: { paths: ['*.idNumber', '*.idNumbers', '*.name', 'req.headers.authorization'], censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}

export type { Logger };
