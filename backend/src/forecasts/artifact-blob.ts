/**
 * Packs a model artifact's files (name → bytes) into one bytea value plus a JSON manifest, and back. One row per
 * artifact keeps a model's files together in the same transaction as its metadata. Pure.
 */
export interface ArtifactManifestEntry {
  name: string;
  offset: number;
  length: number;
}

export function packArtifactFiles(files: Record<string, Uint8Array>): { manifest: ArtifactManifestEntry[]; blob: Buffer } {
  const manifest: ArtifactManifestEntry[] = [];
  let offset = 0;
  const names = Object.keys(files).sort();
  for (const name of names) {
    const length = files[name]!.byteLength;
    manifest.push({ name, offset, length });
    offset += length;
  }
  return { manifest, blob: Buffer.concat(names.map((name) => files[name]!)) };
}

export function unpackArtifactFiles(manifest: readonly ArtifactManifestEntry[], blob: Uint8Array): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  for (const entry of manifest) {
    if (entry.offset + entry.length > blob.byteLength) throw new Error(`artifact blob is truncated at ${entry.name}`);
    // Copy: tfjs wants its own ArrayBuffer, not a view into the shared blob.
    files[entry.name] = new Uint8Array(blob.subarray(entry.offset, entry.offset + entry.length));
  }
  return files;
}
