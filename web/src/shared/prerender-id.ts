/** The id of the `<script type="application/json">` element a server-rendered page's data is in. */
export const PRERENDERED_DATA_ID = 'opf-prerendered';

/** The `<template>` holding a server-rendered page's stylesheets and module preloads until its first paint. */
export const AFTER_PAINT_TEMPLATE_ID = 'opf-after-paint';
