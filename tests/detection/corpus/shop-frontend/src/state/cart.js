import { createContext, useReducer } from 'react';

export const CartContext = createContext(null);

export function cartReducer(state, action) {
  switch (action.type) {
    case 'add': {
      const existing = state.find((i) => i.id === action.item.id);
      if (existing) {
        return state.map((i) => (i.id === action.item.id ? { ...i, quantity: i.quantity + 1 } : i));
      }
      return [...state, { ...action.item, quantity: 1 }];
    }
    case 'remove':
      return state.filter((i) => i.id !== action.id);
    default:
      return state;
  }
}

export function useCart() {
  return useReducer(cartReducer, []);
}
