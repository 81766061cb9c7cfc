// @flow
import type { Product } from './types';

export type CartLine = {|
  product: Product,
  quantity: number,
|};

export function lineTotal(line: CartLine): number {
  return line.product.price * line.quantity;
}

export function cartTotal(lines: $ReadOnlyArray<CartLine>): number {
  return lines.reduce((sum, line) => sum + lineTotal(line), 0);
}
