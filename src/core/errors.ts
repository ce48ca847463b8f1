/** Base class of every error the library raises on purpose: the message names the op, the values and the fix. */
export class AlchemyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
/** Shapes that cannot work together (wrong rank, mismatched sizes, non-broadcastable). */
export class ShapeError extends AlchemyError {}
/** A dtype an op cannot take. */
export class DTypeError extends AlchemyError {}
/** An index or argument outside its allowed range. */
export class RangeError_ extends AlchemyError {}
/** A file that is corrupt, truncated, hostile or of the wrong kind. */
export class FormatError extends AlchemyError {}
/** Misuse of autograd (backward twice, non-scalar without gradient, ...). */
export class GradError extends AlchemyError {}
/** A value outside the range a parameter allows (negative time constant, probability above 1, ...). */
export class ValueError extends AlchemyError {}

export { RangeError_ as IndexError };
