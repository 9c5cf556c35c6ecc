import { type RefCallback, useCallback, useState } from 'react';

/**
 * The width in CSS pixels a chart's box has, kept current as it resizes. The hand-drawn
 * charts draw in that many SVG units, so their text is as large on a phone as on a desk
 * (a fixed 560-unit viewBox shrank 11 px labels to 7 px at 375 px). `fallback` is used until
 * the box is measured.
 */
export function useChartWidth(fallback: number): [RefCallback<HTMLElement>, number] {
  const [width, setWidth] = useState(fallback);
  const ref = useCallback((element: HTMLElement | null) => {
    if (!element) return;
    const measure = () => {
      const measured = Math.round(element.getBoundingClientRect().width);
      if (measured > 0) setWidth(measured);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}
