// The console's entry: React 19 root, with the CSP nonce the hub gave this page for antd's injected styles.
import { createRoot } from 'react-dom/client';
import { ConsoleApp } from './app';
import './styles.css';

const nonce = document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content ?? '';
createRoot(document.getElementById('root')!).render(<ConsoleApp nonce={nonce} />);
