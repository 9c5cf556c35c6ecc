/** The id of the `<script type="application/json">` element a server-rendered page's data is in. */
export const PRERENDERED_DATA_ID = 'opf-prerendered';
