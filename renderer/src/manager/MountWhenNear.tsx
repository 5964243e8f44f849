import { useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * Mounts its children once their place comes near the viewport, and keeps them. The manager view's hot-spot
 * site map takes seconds of the main thread to build (measured: first render 0.5 s without it, 5–7 s with it,
 * bench:manager); below the fold at 1920×1080, it is built when the manager scrolls to it.
 */
export function MountWhenNear({ children, className }: { children: ReactNode; className?: string }) {
  const place = useRef<HTMLDivElement>(null);
  const [near, setNear] = useState(false);
  useEffect(() => {
    const element = place.current;
    if (!element || near) return;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && setNear(true), { rootMargin: '200px' });
    observer.observe(element);
    return () => observer.disconnect();
  }, [near]);
  return (
    <div ref={place} className={className} data-mounted={near ? 'true' : 'false'}>
      {near && children}
    </div>
  );
}
