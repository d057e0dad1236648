import { ContractErrorCode } from '../../src/graphql/error-code';
import { type ErrorCodeOf, defineErrors } from '../../src/graphql/error-table';
import { HubError } from '../../src/graphql/hub-error';

const errors = defineErrors({
  THING_NOT_FOUND: { contract: ContractErrorCode.NOT_FOUND, message: (no: string) => `No thing ${no}` },
  BAD_SIZE: { contract: ContractErrorCode.BAD_USER_INPUT, field: 'size', message: (max: number) => `At most ${max}` },
  BAD_PART: { contract: ContractErrorCode.BAD_USER_INPUT, field: 'part', message: (field: string) => ({ message: `Bad ${field}`, field }) },
  BAD_PARTS: {
    contract: ContractErrorCode.BAD_USER_INPUT,
    message: (paths: string[]) => ({ message: 'Bad parts', fields: paths.map((path) => ({ path, message: 'bad' })), extensions: { count: paths.length } }),
  },
  CONFLICT: {
    contract: ContractErrorCode.VERSION_CONFLICT,
    message: (current: number) => ({ message: `At ${current}`, extensions: { currentVersion: current } }),
  },
});

describe('defineErrors', () => {
  it('sends the contract code, the module code as reason and the message from its factory', () => {
    const e = errors.THING_NOT_FOUND('42');
    expect(e).toBeInstanceOf(HubError);
    expect(e.message).toBe('No thing 42');
    expect(e.extensions).toEqual({ code: 'NOT_FOUND', reason: 'THING_NOT_FOUND' });
  });

  it('lists the field a code is about, or the one its message names, or the fields it gives', () => {
    expect(errors.BAD_SIZE(3).extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'BAD_SIZE', fields: [{ path: 'size', message: 'At most 3' }] });
    expect(errors.BAD_PART('part.b').extensions?.fields).toEqual([{ path: 'part.b', message: 'Bad part.b' }]);
    expect(errors.BAD_PARTS(['a', 'b']).extensions).toEqual({
      code: 'BAD_USER_INPUT',
      reason: 'BAD_PARTS',
      count: 2,
      fields: [
        { path: 'a', message: 'bad' },
        { path: 'b', message: 'bad' },
      ],
    });
  });

  it('adds the extensions a message gives, never over code or reason', () => {
    expect(errors.CONFLICT(7).extensions).toEqual({ code: 'VERSION_CONFLICT', reason: 'CONFLICT', currentVersion: 7 });
    const sneaky = defineErrors({
      X: { contract: ContractErrorCode.FORBIDDEN, message: () => ({ message: 'x', extensions: { code: 'INTERNAL', reason: 'Y' } }) },
    });
    expect(sneaky.X().extensions).toEqual({ code: 'FORBIDDEN', reason: 'X' });
  });

  it('is typed: the codes, their arguments, and a contract code for each', () => {
    const codes: Array<ErrorCodeOf<typeof errors>> = ['THING_NOT_FOUND', 'BAD_SIZE', 'BAD_PART', 'BAD_PARTS', 'CONFLICT'];
    expect(codes.every((c) => typeof errors[c] === 'function')).toBe(true);
    // @ts-expect-error a code without its contract code does not compile
    defineErrors({ NO_CONTRACT: { message: () => 'x' } });
    // @ts-expect-error nor one whose contract code is not the contract's
    defineErrors({ NOT_CONTRACT: { contract: 'TEAPOT', message: () => 'x' } });
    // @ts-expect-error the message factory's arguments are the factory's
    expect(() => errors.BAD_SIZE('three')).not.toThrow();
    // @ts-expect-error an unknown code
    expect(errors.NO_SUCH_CODE).toBeUndefined();
  });
});
