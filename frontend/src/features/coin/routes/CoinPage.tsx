export function CoinPage() {
  return <main className="page"><h1>CoinPage</h1><p>Being built.</p></main>;
}
