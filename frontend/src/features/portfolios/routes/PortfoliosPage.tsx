export function PortfoliosPage() {
  return <main className="page"><h1>PortfoliosPage</h1><p>Being built.</p></main>;
}
