import { addAfterEffect, useThree } from '@react-three/fiber';
import { useEffect } from 'react';
import { useCoreClient } from '../connection/CoreClientContext.js';

/**
 * The one link from live data to the on-demand 3D loop: every applied frame asks for a render (the
 * layers read the live store inside useFrame, none polls it), and once a render is done the frames it
 * showed are acknowledged, so the core's next frame waits for this screen's drawing (architecture §3,
 * issue 15: the listener resolves only after the frame rendered).
 */
export function LiveInvalidator() {
  const live = useCoreClient().live;
  const invalidate = useThree((s) => s.invalidate);
  useEffect(() => {
    const detachDrawer = live.attachDrawer();
    const offChange = live.onChange(() => invalidate());
    const offAfterRender = addAfterEffect(() => live.drawn());
    return () => {
      offAfterRender();
      offChange();
      detachDrawer();
    };
  }, [live, invalidate]);
  return null;
}
