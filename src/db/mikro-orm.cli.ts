// Entry for the MikroORM CLI (`npx mikro-orm migration:create`); the app itself uses openOrm().
import 'reflect-metadata';
import { loadConfig } from '../config/config';
import { createOrmOptions } from './orm.config';

export default createOrmOptions(loadConfig());
