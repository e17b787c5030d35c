import { useId, useState } from 'react';
import { FormError } from '../../../lib/ui';
import { useImportTransactions, type ImportPreview } from '../api/portfolios';

/** CSV import: a dry run shows what would be added, duplicates and row errors; then the real import. */
export function ImportPanel({ portfolioId }: { portfolioId: string }) {
  const id = useId();
  const importer = useImportTransactions(portfolioId);
  const [csv, setCsv] = useState('');
  const [preset, setPreset] = useState<'coincast' | 'binance'>('coincast');
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [result, setResult] = useState<ImportPreview | null>(null);

  const run = (dryRun: boolean) =>
    importer.mutate(
      { csv, preset, dryRun },
      {
        onSuccess: (response) => {
          if (dryRun) {
            setPreview(response);
            setResult(null);
          } else {
            setResult(response);
            setPreview(null);
            setCsv('');
          }
        },
      },
    );

  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Import transactions (CSV)</h2>
      <div className="form">
        <div className="field">
          <label htmlFor={`${id}-file`}>CSV file</label>
          <input
            id={`${id}-file`}
            type="file"
            accept=".csv,text/csv"
            onChange={async (event) => {
              const file = event.target.files?.[0];
              if (file) {
                setCsv(await file.text());
                setPreview(null);
              }
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-csv`}>…or paste CSV</label>
          <textarea
            id={`${id}-csv`}
            rows={5}
            value={csv}
            onChange={(e) => {
              setCsv(e.target.value);
              setPreview(null);
            }}
            placeholder="type,time,asset,quantity,price,feeAmount,feeCurrency,note"
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-preset`}>Format</label>
          <select
            id={`${id}-preset`}
            value={preset}
            onChange={(e) => {
              setPreset(e.target.value as 'coincast' | 'binance');
              setPreview(null);
            }}
          >
            <option value="coincast">Coincast export</option>
            <option value="binance">Binance trade history</option>
          </select>
        </div>
        <FormError error={importer.error} />
        <div className="toolbar">
          <button type="button" disabled={!csv.trim() || importer.isPending} onClick={() => run(true)}>
            Preview
          </button>
          <button type="button" className="primary" disabled={!preview || preview.toAdd === 0 || importer.isPending} onClick={() => run(false)}>
            Import {preview ? preview.toAdd : ''} rows
          </button>
        </div>
      </div>
      {preview && (
        <div className="card" role="status" data-testid="import-preview">
          <p>
            {preview.total} rows read: {preview.toAdd} to add, {preview.duplicates} already present (skipped), {preview.errors.length} with errors.
          </p>
          {preview.errors.length > 0 && (
            <ul>
              {preview.errors.map((error) => (
                <li key={`${error.line}-${error.message}`} className="row-error">
                  Line {error.line}: {error.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {result && (
        <p className="notice" role="status">
          Imported {result.added ?? result.toAdd} transactions.
        </p>
      )}
    </section>
  );
}
