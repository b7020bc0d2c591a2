import type { ContainerView } from '@phedds/shared';
import { useNow } from '../../stores/clock.ts';
import { uptimeText } from './model.ts';

/** The ticking part of a row, on its own so the shared clock re-renders only this text. */
export function Uptime({ container }: { container: ContainerView }) {
  const now = useNow();
  const text = uptimeText(container, now);
  return (
    <span className="row-uptime" title={text}>
      {text}
    </span>
  );
}
