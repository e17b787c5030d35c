import { useEffect, useState } from 'react';
import { NavLink, Outlet, useNavigate } from 'react-router-dom';
import { useSignOut, useMe } from '../features/auth/api/auth';
import { LiveMarketsSync } from '../features/markets/api/live-markets';
import { useMarkets } from '../features/markets/api/markets';
import { NotificationBell } from '../features/notifications/components/NotificationBell';
import { useConnectionState } from '../lib/services';

type Theme = 'light' | 'dark';

function useTheme(): [Theme, () => void] {
  const [theme, setTheme] = useState<Theme>(() => (document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light'));
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    try {
      localStorage.setItem('coincast.theme', theme);
    } catch {
      /* private mode */
    }
  }, [theme]);
  return [theme, () => setTheme(theme === 'dark' ? 'light' : 'dark')];
}

function StatusBanners() {
  const connection = useConnectionState();
  const markets = useMarkets();
  return (
    <>
      {connection === 'disconnected' && (
        <div className="banner banner-warning" role="status" data-testid="banner-disconnected">
          Live prices are disconnected. Reconnecting automatically…
        </div>
      )}
      {markets.data?.source === 'replay' && (
        <div className="banner banner-info" role="status" data-testid="banner-replay">
          Replay mode: prices are recorded market data played back, not live quotes.
        </div>
      )}
    </>
  );
}

export function Layout() {
  const me = useMe();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const [theme, toggleTheme] = useTheme();
  const [menuOpen, setMenuOpen] = useState(false);
  return (
    <div className="app">
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <header className="topbar">
        <NavLink to="/" className="brand">
          Coincast
        </NavLink>
        <button type="button" className="menu-toggle" aria-expanded={menuOpen} aria-controls="main-nav" onClick={() => setMenuOpen(!menuOpen)}>
          Menu
        </button>
        <nav id="main-nav" className={menuOpen ? 'open' : undefined} aria-label="Main" onClick={() => setMenuOpen(false)}>
          <NavLink to="/" end>
            Markets
          </NavLink>
          <NavLink to="/overview">Overview</NavLink>
          <NavLink to="/portfolios">Portfolios</NavLink>
          <NavLink to="/exchange-accounts">Exchanges</NavLink>
          <NavLink to="/alerts">Alerts</NavLink>
          <NavLink to="/models">Models</NavLink>
          <NavLink to="/strategy">Strategy</NavLink>
          <NavLink to="/settings">Settings</NavLink>
        </nav>
        <div className="topbar-actions">
          <NotificationBell />
          <button type="button" onClick={toggleTheme} aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}>
            {theme === 'dark' ? '☀' : '☾'}
          </button>
          <span className="muted hide-narrow">{me.data?.email}</span>
          <button type="button" onClick={() => signOut.mutate(undefined, { onSettled: () => navigate('/sign-in', { replace: true }) })}>
            Sign out
          </button>
        </div>
      </header>
      <StatusBanners />
      <LiveMarketsSync />
      <div id="content">
        <Outlet />
      </div>
    </div>
  );
}
