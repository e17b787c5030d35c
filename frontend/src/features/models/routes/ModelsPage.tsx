export function ModelsPage() {
  return <main className="page"><h1>ModelsPage</h1><p>Being built.</p></main>;
}
