// The API's first import: tracing (when configured) must patch pg, express, graphql and ioredis
// before anything requires them, and ES imports run in order, so main.ts imports this before all else.
import { loadTracingConfig } from '../config/tracing.config';
import { startTracing } from './tracing';

startTracing(loadTracingConfig(), 'hub-api');
