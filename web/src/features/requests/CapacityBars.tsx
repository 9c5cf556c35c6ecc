import {
  Progress,
  ProgressMeasureLocation,
  ProgressSize,
  ProgressVariant,
} from '@patternfly/react-core/dist/esm/components/Progress';
import type { CapacityResource, ResourceUse } from '../../shared/types.ts';

const NAMES: Record<CapacityResource, string> = {
  cpu: 'CPU',
  memory: 'Memory',
  storage: 'Storage',
};

/**
 * One bar per resource: quotas handed out (plus what a request adds) against capacity.
 * The numbers are always written out; the colour only repeats them.
 */
export function CapacityBars(props: {
  id: string;
  resources: Record<CapacityResource, ResourceUse>;
  withRequest: boolean;
}) {
  return (
    <div className="opf-capacity-bars" data-test="capacity-bars">
      {(Object.keys(NAMES) as CapacityResource[]).map((resource) => {
        const use = props.resources[resource];
        const percent = use.percent ?? 100;
        const text = props.withRequest
          ? `${use.committed} + ${use.adds} = ${use.total} of ${use.capacity}`
          : `${use.total} of ${use.capacity}`;
        return (
          <Progress
            key={resource}
            id={`${props.id}-${resource}`}
            data-test={`capacity-${resource}`}
            title={NAMES[resource]}
            value={Math.min(percent, 100)}
            label={`${text} (${use.percent === null ? 'no capacity' : `${use.percent}%`})`}
            valueText={`${NAMES[resource]}: ${text}`}
            measureLocation={ProgressMeasureLocation.outside}
            size={ProgressSize.sm}
            variant={
              use.over
                ? ProgressVariant.danger
                : percent >= 90
                  ? ProgressVariant.warning
                  : undefined
            }
          />
        );
      })}
    </div>
  );
}

/** "cpu 96250m of 96 (100.26%)" for each resource a cluster would run out of. */
export function overText(
  resources: Record<CapacityResource, ResourceUse>,
  over: CapacityResource[],
): string {
  return over
    .map((r) => `${NAMES[r]} ${resources[r].total} of ${resources[r].capacity}`)
    .join('; ');
}
