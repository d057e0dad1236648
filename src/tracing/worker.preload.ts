// The worker's first import, for the same reason as api.preload.ts: instrumentation patches modules as they load.
import { loadTracingConfig } from '../config/tracing.config';
import { startTracing } from './tracing';

startTracing(loadTracingConfig(), 'hub-worker');
