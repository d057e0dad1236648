import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { Sector, TenantKind } from './tenant.enums';

/** A province, a ministry or LGOP. Tenants are rows: a new ministry needs no code change. */
@ObjectType({ description: 'A body that exchanges data through the hub' })
@Entity({ tableName: 'tenants' })
export class Tenant {
  @Field({ description: 'Hub code, e.g. LGOP, MOE, P52' })
  @PrimaryKey({ type: 'text' })
  code!: string;

  @Field()
  @Property({ type: 'text' })
  name!: string;

  @Field(() => TenantKind)
  @Enum({ items: () => TenantKind, type: 'text' })
  kind!: TenantKind;

  @Field(() => String, { nullable: true, description: 'GB/T 2260 province code, provinces only' })
  @Property({ type: 'text', nullable: true })
  provinceCode: string | null = null;

  @Field(() => Sector, { nullable: true, description: 'The sector a ministry submits' })
  @Enum({ items: () => Sector, type: 'text', nullable: true })
  sector: Sector | null = null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
