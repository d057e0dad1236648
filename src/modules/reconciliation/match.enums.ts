import { registerEnumType } from 'type-graphql';

/**
 * How a record's name compares with a candidate member's, strongest first
 * (name-keys: fold = traditional to simplified, pinyin = toneless, per character).
 */
export enum NameComparison {
  /** The same characters after the contract's normalisation. */
  SAME = 'SAME',
  /** The same after folding traditional characters to simplified (張偉 / 张伟). */
  SAME_FOLDED = 'SAME_FOLDED',
  /** Other characters of the same sound (王伟 / 王玮; 买买提 / 麦麦提): the common pinyin-keyboard error. */
  HOMOPHONE = 'HOMOPHONE',
  /** One character apart, of another sound (王伟 / 王强): a sibling or neighbour as often as a typo. */
  ONE_CHAR_OTHER_SOUND = 'ONE_CHAR_OTHER_SOUND',
  /** One character more or less (王伟 / 王小伟). */
  ONE_CHAR_MORE_OR_LESS = 'ONE_CHAR_MORE_OR_LESS',
  /** Similar by trigrams only. */
  SIMILAR = 'SIMILAR',
}

/** Which edit of the record's ID number gives the suggested member's. */
export enum SuggestionRepair {
  CHECK_CHARACTER = 'CHECK_CHARACTER',
  ADJACENT_SWAP = 'ADJACENT_SWAP',
  ONE_DIGIT = 'ONE_DIGIT',
}

registerEnumType(NameComparison, { name: 'NameComparison', description: 'How a record\u2019s name compares with its PROBABLE candidate\u2019s' });
registerEnumType(SuggestionRepair, {
  name: 'SuggestionRepair',
  description: 'The edit of an INVALID record\u2019s ID number that gives its suggestion\u2019s',
});
