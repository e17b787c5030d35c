export function PortfolioDetailPage() {
  return <main className="page"><h1>PortfolioDetailPage</h1><p>Being built.</p></main>;
}
