/**
 * Coalesces store notifications to one per animation frame: chunks may arrive faster than the screen
 * refreshes (100 per second and more), and rendering each one would only spend main-thread time on frames
 * nobody sees. The state itself is never delayed, only the re-render.
 */
type Subscribe = (listener: () => void) => () => void;

export function subscribeByFrame(subscribe: Subscribe): Subscribe {
  return (listener) => {
    let frame: number | null = null;
    const unsubscribe = subscribe(() => {
      if (frame !== null) return;
      frame = requestAnimationFrame(() => {
        frame = null;
        listener();
      });
    });
    return () => {
      if (frame !== null) cancelAnimationFrame(frame);
      unsubscribe();
    };
  };
}
