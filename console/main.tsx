// The console's entry: the React 19 root.
import { createRoot } from 'react-dom/client';
import { ConsoleApp } from './app';
import './styles.css';

createRoot(document.getElementById('root')!).render(<ConsoleApp />);
