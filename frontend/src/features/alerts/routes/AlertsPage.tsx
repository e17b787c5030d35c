export function AlertsPage() {
  return <main className="page"><h1>AlertsPage</h1><p>Being built.</p></main>;
}
