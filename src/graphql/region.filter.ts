import { Matches } from 'class-validator';
import { Field, InputType } from 'type-graphql';

/** The province and county conditions every list of registry data offers, checked the same way everywhere. */
@InputType('RegionFilter', { description: 'Province and county conditions (the base of the list filters; not used alone)' })
export abstract class RegionFilter {
  @Field(() => String, { nullable: true, description: '2-digit province code' })
  @Matches(/^\d{2}$/, { message: 'provinceCode must be 2 digits' })
  provinceCode?: string;

  @Field(() => String, { nullable: true, description: '6-digit county code' })
  @Matches(/^\d{6}$/, { message: 'countyCode must be 6 digits' })
  countyCode?: string;
}
