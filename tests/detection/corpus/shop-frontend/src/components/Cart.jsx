import React, { useContext } from 'react';
import PropTypes from 'prop-types';
import { CartContext } from '../state/cart';

export default function Cart({ currency }) {
  const { items, remove } = useContext(CartContext);
  const total = items.reduce((sum, item) => sum + item.price * item.quantity, 0);

  return (
    <aside className="cart">
      <ul>
        {items.map((item) => (
          <li key={item.id}>
            {item.name} x {item.quantity}
            <button onClick={() => remove(item.id)}>Remove</button>
          </li>
        ))}
      </ul>
      <p>Total: {total.toFixed(2)} {currency}</p>
    </aside>
  );
}

Cart.propTypes = { currency: PropTypes.string.isRequired };
