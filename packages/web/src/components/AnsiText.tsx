import { memo } from 'react';
import { markSpans, parseAnsi, type AnsiSpan } from './ansi.ts';
import './ansi.css';

interface AnsiTextProps {
  /** The line as written, escapes included. */
  text: string;
  /** Ranges of the visible text to highlight (search hits). */
  marks?: readonly (readonly [number, number])[];
}

function Span({ s }: { s: AnsiSpan & { mark?: boolean } }) {
  // Colours outside the 16 classes go through the style object (CSSOM), which the CSP allows.
  const style = s.fg || s.bg ? { ...(s.fg ? { color: s.fg } : {}), ...(s.bg ? { background: s.bg } : {}) } : undefined;
  const inner =
    s.cls || style ? (
      <span className={s.cls || undefined} style={style}>
        {s.text}
      </span>
    ) : (
      s.text
    );
  return s.mark ? <mark className="hit">{inner}</mark> : <>{inner}</>;
}

/** A line with its ANSI colours, always as text: nothing from a container ever becomes markup. */
export const AnsiText = memo(function AnsiText({ text, marks }: AnsiTextProps) {
  const spans = markSpans(parseAnsi(text), marks ?? []);
  return (
    <>
      {spans.map((s, i) => (
        <Span key={i} s={s} />
      ))}
    </>
  );
});
