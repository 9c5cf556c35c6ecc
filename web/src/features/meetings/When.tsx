import { bothZones } from './zones.ts';

/** An instant in the reader's zone, with US Eastern beside it when that differs. */
export function When({ iso }: { iso: string }) {
  const { reader, eastern } = bothZones(iso);
  return (
    <>
      <time dateTime={iso}>{reader}</time>
      {eastern && <span className="opf-muted"> ({eastern})</span>}
    </>
  );
}
