import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, type ReactNode } from 'react';
import { BrowserRouter, MemoryRouter, Navigate, Route, Routes } from 'react-router-dom';
import { useMe } from '../features/auth/api/auth';
import { RequireAuth } from '../features/auth/components/RequireAuth';
import { ForgotPasswordPage, ResetPasswordPage, VerifyEmailPage } from '../features/auth/routes/AccountLinkPages';
import { SignInPage, SignUpPage } from '../features/auth/routes/SignInPage';
// The coin page's stage line ("Loading history 42 %") comes from the markets feature: composed here like the news.
import { MarketStageNotice } from '../features/markets/components/MarketStageNotice';
import { MarketsPage } from '../features/markets/routes/MarketsPage';
import { LiveStreamProvider, ServicesProvider, type AppServices } from '../lib/services';
import { Loading } from '../lib/ui';
import { Layout } from './Layout';

// Chart-heavy and secondary pages load on demand to keep the first download small.
const CoinPage = lazy(() => import('../features/coin/routes/CoinPage').then((m) => ({ default: m.CoinPage })));
const PortfoliosPage = lazy(() => import('../features/portfolios/routes/PortfoliosPage').then((m) => ({ default: m.PortfoliosPage })));
const PortfolioDetailPage = lazy(() => import('../features/portfolios/routes/PortfolioDetailPage').then((m) => ({ default: m.PortfolioDetailPage })));
const AlertsPage = lazy(() => import('../features/alerts/routes/AlertsPage').then((m) => ({ default: m.AlertsPage })));
const ModelsPage = lazy(() => import('../features/models/routes/ModelsPage').then((m) => ({ default: m.ModelsPage })));
const SettingsPage = lazy(() => import('../features/auth/routes/SettingsPage').then((m) => ({ default: m.SettingsPage })));
const ExchangeAccountsPage = lazy(() => import('../features/exchange-accounts/routes/ExchangeAccountsPage').then((m) => ({ default: m.ExchangeAccountsPage })));
const InboxPage = lazy(() => import('../features/notifications/routes/InboxPage').then((m) => ({ default: m.InboxPage })));
// News sits beside the coin page and inside the overview: composed here, since features do not import each other.
const CoinNews = lazy(() => import('../features/news/components/CoinNews').then((m) => ({ default: m.CoinNews })));
const LatestNews = lazy(() => import('../features/news/components/LatestNews').then((m) => ({ default: m.LatestNews })));
const OverviewPage = lazy(() => import('../features/overview/routes/OverviewPage').then((m) => ({ default: m.OverviewPage })));
const CataloguePage = lazy(() => import('../features/markets/routes/CataloguePage').then((m) => ({ default: m.CataloguePage })));
const StrategyPage = lazy(() => import('../features/strategy/routes/StrategyPage').then((m) => ({ default: m.StrategyPage })));

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 30_000, retry: 1, refetchOnWindowFocus: false },
    },
  });
}

/** Administrators find the markets catalogue from the markets page (the menu has no room for one more entry). */
function MarketsRoute() {
  const me = useMe();
  return <MarketsPage canManage={me.data?.isAdmin === true} />;
}

/** The markets catalogue is for administrators (the server refuses anyone else too). */
function CatalogueRoute() {
  const me = useMe();
  if (me.isPending) return <Loading />;
  return <CataloguePage isAdmin={me.data?.isAdmin === true} />;
}

export function AppRoutes() {
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route path="/sign-in" element={<SignInPage />} />
        <Route path="/sign-up" element={<SignUpPage />} />
        <Route path="/forgot-password" element={<ForgotPasswordPage />} />
        <Route path="/reset-password" element={<ResetPasswordPage />} />
        <Route path="/verify-email" element={<VerifyEmailPage />} />
        <Route
          element={
            <RequireAuth>
              <LiveStreamProvider>
                <Layout />
              </LiveStreamProvider>
            </RequireAuth>
          }
        >
          <Route index element={<MarketsRoute />} />
          <Route path="markets" element={<MarketsRoute />} />
          <Route path="overview" element={<OverviewPage news={<LatestNews />} />} />
          <Route
            path="coins/:symbol"
            element={
              <>
                <MarketStageNotice />
                <CoinPage />
                <CoinNews />
              </>
            }
          />
          <Route path="portfolios" element={<PortfoliosPage />} />
          <Route path="portfolios/:id" element={<PortfolioDetailPage />} />
          <Route path="exchange-accounts" element={<ExchangeAccountsPage />} />
          <Route path="alerts" element={<AlertsPage />} />
          <Route path="models" element={<ModelsPage />} />
          <Route path="strategy" element={<StrategyPage />} />
          <Route path="admin/markets" element={<CatalogueRoute />} />
          <Route path="settings" element={<SettingsPage />} />
          <Route path="notifications" element={<InboxPage />} />
        </Route>
        <Route path="*" element={<Navigate to="/" replace />} />
      </Routes>
    </Suspense>
  );
}

export interface AppProps {
  services: AppServices;
  queryClient: QueryClient;
  /** Tests render at a given URL without a browser history. */
  initialPath?: string;
}

export function App({ services, queryClient, initialPath }: AppProps) {
  const router = (children: ReactNode) =>
    initialPath ? <MemoryRouter initialEntries={[initialPath]}>{children}</MemoryRouter> : <BrowserRouter>{children}</BrowserRouter>;
  return (
    <ServicesProvider services={services}>
      <QueryClientProvider client={queryClient}>{router(<AppRoutes />)}</QueryClientProvider>
    </ServicesProvider>
  );
}
