/** A progress bar of a market's history backfill (0 to 100). */
export function BackfillBar({ percent, label }: { percent: number; label: string }) {
  const value = Math.max(0, Math.min(100, Math.floor(percent)));
  return (
    <div className="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={value}>
      <div className="progress-fill" style={{ width: `${value}%` }} />
    </div>
  );
}
