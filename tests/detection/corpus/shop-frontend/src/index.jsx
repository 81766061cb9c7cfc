import React from 'react';
import { createRoot } from 'react-dom/client';
import Cart from './components/Cart';
import './styles/main.scss';

createRoot(document.getElementById('app')).render(<Cart currency="EUR" />);
